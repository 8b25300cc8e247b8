package io.github.ecrconnect.ptc.quickstart;

import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.ShutdownThread;

/**
 * Run by {@link WithoutJettyShutdownHookTest} in a JVM of its own: registers a lifecycle with Jetty
 * (which adds Jetty's JVM shutdown hook, as Kafka's RestServer does) and prints whether that hook
 * is removed within {@code args[0]} seconds.
 */
public final class JettyHookProbe {
  public static void main(String[] args) throws Exception {
    Thread jettyHook = ShutdownThread.getInstance();
    ShutdownThread.register(new AbstractLifeCycle() {});
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[0]));
    while (System.nanoTime() < deadline) {
      try {
        Runtime.getRuntime().addShutdownHook(jettyHook); // fails while it is still registered
        Runtime.getRuntime().removeShutdownHook(jettyHook);
        System.out.println("jetty hook removed");
        return;
      } catch (IllegalArgumentException stillRegistered) {
        TimeUnit.MILLISECONDS.sleep(50); // polls the condition, bounded by the deadline
      }
    }
    System.out.println("jetty hook still registered");
  }
}
