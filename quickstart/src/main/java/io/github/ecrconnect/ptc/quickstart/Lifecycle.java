package io.github.ecrconnect.ptc.quickstart;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Starts components in order and stops them in reverse order, exactly once, from a JVM shutdown
 * hook: Ctrl-C (SIGINT), SIGTERM and {@link #exit} all end the same way. The hook then halts with
 * the exit status: 0 when everything stopped cleanly after Ctrl-C, 1 after a failure or when a
 * component did not stop cleanly.
 *
 * <p>A component is started under a lock that the hook takes too, so a Ctrl-C during a start waits
 * for that start to finish and then stops the component with the others; nothing started is left
 * running.
 */
final class Lifecycle {
  /** Creates and starts a component. */
  interface Starter<T extends AutoCloseable> {
    T start() throws Exception;
  }

  /** Thrown into the main thread when a stop began while it was starting things. */
  static final class Stopping extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopping() {
      super("stopping");
    }
  }

  private record Started(String name, AutoCloseable component) {}

  private final Console console;
  private final Object startLock = new Object();
  private final Deque<Started> started = new ArrayDeque<>();
  private volatile boolean stopping;
  private volatile boolean exitRequested;
  private volatile int exitStatus;

  Lifecycle(Console console) {
    this.console = console;
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopAllAndHalt, "run-shutdown"));
  }

  /** Starts a component and registers it to be stopped; throws {@link Stopping} once stopping. */
  <T extends AutoCloseable> T start(String name, Starter<T> starter) throws Exception {
    synchronized (startLock) {
      checkNotStopping();
      T component = starter.start();
      synchronized (started) {
        started.push(new Started(name, component));
      }
      return component;
    }
  }

  boolean stopping() {
    return stopping;
  }

  void checkNotStopping() {
    if (stopping) {
      throw new Stopping();
    }
  }

  /** Stops everything (in the shutdown hook) and exits with {@code status}. Does not return. */
  void exit(int status) {
    exitStatus = status;
    exitRequested = true;
    System.exit(status);
  }

  private void stopAllAndHalt() {
    stopping = true;
    int status = exitStatus;
    boolean anything;
    synchronized (started) {
      anything = !started.isEmpty();
    }
    if (anything && !exitRequested) {
      console.status("stopping ...");
    }
    synchronized (startLock) {
      while (true) {
        Started next;
        synchronized (started) {
          next = started.poll();
        }
        if (next == null) {
          break;
        }
        try {
          next.component().close();
        } catch (Exception e) {
          console.error("could not stop " + next.name() + " cleanly: " + e);
          status = Math.max(status, 1);
        }
      }
    }
    if (anything && !exitRequested) {
      console.status(
          status == 0 ? "stopped: no process left, temp dir removed" : "stopped, with errors");
    }
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(status);
  }
}
