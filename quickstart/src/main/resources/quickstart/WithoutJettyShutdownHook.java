import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Runs a Kafka main class ({@code args[0]}, here ConnectDistributed) without Jetty's own JVM
 * shutdown hook. Kafka's RestServer asks Jetty to stop at shutdown (setStopAtShutdown) and also
 * stops it from Connect's shutdown hook; on SIGTERM both hooks run at once, and with Jetty 12
 * (Kafka 4.x) they can leave Connect's hook waiting in Server.join() for ever: the worker never
 * stops (seen about once in a dozen stops). Connect's hook alone stops the REST server, so Jetty's
 * is removed once Jetty has registered it. Run by the JDK's source launcher ({@code java
 * WithoutJettyShutdownHook.java ...}), so the worker's class path keeps Kafka's jars alone; it
 * reaches Kafka and Jetty by reflection only.
 */
public final class WithoutJettyShutdownHook {
  /** The REST server starts within a few seconds; a slow machine gets a minute. */
  private static final int ATTEMPTS = 600;

  private static final long ATTEMPT_INTERVAL_MS = 100;

  public static void main(String[] args) throws Throwable {
    Thread remover =
        new Thread(WithoutJettyShutdownHook::removeJettyHookOnceRegistered, "remove-jetty-hook");
    remover.setDaemon(true);
    remover.start();
    try {
      Class.forName(args[0])
          .getMethod("main", String[].class)
          .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void removeJettyHookOnceRegistered() {
    try {
      Thread jettyHook =
          (Thread)
              Class.forName("org.eclipse.jetty.util.thread.ShutdownThread")
                  .getMethod("getInstance")
                  .invoke(null);
      for (int i = 0; i < ATTEMPTS; i++) {
        if (Runtime.getRuntime().removeShutdownHook(jettyHook)) {
          return;
        }
        Thread.sleep(ATTEMPT_INTERVAL_MS); // polls until Jetty registers it, then stops
      }
    } catch (IllegalStateException e) {
      // the JVM is shutting down already: too late, nothing to do
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ReflectiveOperationException | ClassCastException e) {
      System.err.println("[run] could not remove Jetty's shutdown hook: " + e);
    }
  }
}
