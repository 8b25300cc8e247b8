package io.github.ecrconnect.ptc.quickstart;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Checks ports up front, so a port in use is a clear message rather than a stack trace. */
final class Ports {
  static final String HOST = "127.0.0.1";

  private Ports() {}

  /**
   * Fails unless {@code port} of 127.0.0.1 can be bound now. Binds as the servers do (with
   * SO_REUSEADDR), so a port that a previous run left in TIME_WAIT counts as free.
   */
  static void requireFree(int port, String user, String flag) throws QuickStartException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
    } catch (IOException e) {
      throw inUse(port, user, flag);
    }
  }

  static QuickStartException inUse(int port, String user, String flag) {
    return new QuickStartException(
        String.format(
            "port %d of %s is already in use, and the %s needs it. Stop what listens there"
                + " (find it with: ss -ltnp 'sport = :%d' or lsof -i :%d), or choose another"
                + " port: ./run %s <port>",
            port, HOST, user, port, port, flag));
  }

  /** A port of 127.0.0.1 that is free now (for the broker's internal controller listener). */
  static int anyFree() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }

  /** True if {@code failure} or one of its causes is a failure to bind a socket. */
  static boolean isBindFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BindException
          || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
        return true;
      }
    }
    return false;
  }
}
