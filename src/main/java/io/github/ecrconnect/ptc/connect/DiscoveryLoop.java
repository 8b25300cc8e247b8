package io.github.ecrconnect.ptc.connect;

import io.github.ecrconnect.ptc.core.Backoff;
import io.github.ecrconnect.ptc.core.DiscoveryException;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.ScopeDiscovery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the connector's discovery: the first one in {@code start()} (the connector starts only once
 * it knows its registries, so a restart never hands the tasks an empty assignment), then every
 * interval on a daemon thread of its own. When the registries found change it calls {@code
 * onChange} (the connector asks Connect to reassign its tasks). A failed discovery keeps the
 * registries last found, logs a WARN at most every {@link #WARN_INTERVAL_MS} and is tried again
 * after a backoff (at most the interval); only a first discovery that AWS refuses fails the
 * connector.
 */
final class DiscoveryLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DiscoveryLoop.class);
  static final long WARN_INTERVAL_MS = 600_000;

  /** How long start() retries a first discovery that fails with retriable errors. */
  static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  /** One discovery (a seam for tests). */
  @FunctionalInterface
  interface Discovery {
    ScopeDiscovery.Result discover() throws DiscoveryException;
  }

  private final String connector;
  private final Discovery discovery;
  private final long intervalMs;
  private final Backoff backoff;
  private final Runnable onChange;
  private final LongSupplier nowMs;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final ScheduledExecutorService executor;
  private final DiscoveryMetrics metrics;

  private volatile List<Registry> current;
  private int failuresInRow;
  private Exception lastFailure;
  private boolean lastFailureFatal;
  private long lastWarnMs = Long.MIN_VALUE;

  DiscoveryLoop(
      String connector,
      Discovery discovery,
      long intervalMs,
      Backoff backoff,
      Runnable onChange,
      LongSupplier nowMs) {
    this(connector, discovery, intervalMs, backoff, onChange, nowMs, null);
  }

  /** With metrics (null for none), registered until {@link #close()}. */
  DiscoveryLoop(
      String connector,
      Discovery discovery,
      long intervalMs,
      Backoff backoff,
      Runnable onChange,
      LongSupplier nowMs,
      DiscoveryMetrics metrics) {
    this.metrics = metrics;
    this.connector = connector;
    this.discovery = discovery;
    this.intervalMs = intervalMs;
    this.backoff = backoff;
    this.onChange = onChange;
    this.nowMs = nowMs;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "ecr-ptc-discovery-" + connector);
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Discovers until the first success, then schedules the next discoveries.
   *
   * @return the registries found
   * @throws ConnectException if AWS refuses the first discovery, or it keeps failing for {@link
   *     #START_TIMEOUT}
   */
  List<Registry> start(Duration timeout) {
    long deadline = nowMs.getAsLong() + timeout.toMillis();
    long delay = runOnce();
    while (current == null) {
      if (lastFailureFatal) {
        throw new ConnectException(
            "Connector " + connector + " found no registries: " + lastFailure.getMessage(),
            lastFailure);
      }
      if (nowMs.getAsLong() + delay > deadline) {
        throw new ConnectException(
            "Connector "
                + connector
                + " found no registries within "
                + timeout.toSeconds()
                + " s; last failure: "
                + lastFailure.getMessage(),
            lastFailure);
      }
      try {
        if (closed.await(delay, TimeUnit.MILLISECONDS)) {
          throw new ConnectException("Connector " + connector + " stopped while starting");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectException("Interrupted while discovering registries", e);
      }
      delay = runOnce();
    }
    schedule(delay);
    return current;
  }

  /** The registries last found; null before the first discovery succeeded. */
  List<Registry> current() {
    return current;
  }

  /** One discovery; returns the milliseconds until the next one. */
  long runOnce() {
    ScopeDiscovery.Result result;
    try {
      result = discovery.discover();
    } catch (DiscoveryException e) {
      return failed(e, !e.isRetriable());
    } catch (RuntimeException e) {
      return failed(e, false);
    }
    Map<String, DiscoveryException> regionFailures = result.regionFailures();
    if (current == null && result.registries().isEmpty() && !regionFailures.isEmpty()) {
      // Not one account could be read: a wrong role template or permission, or AWS is down.
      DiscoveryException first = regionFailures.values().iterator().next();
      boolean allFatal =
          regionFailures.values().stream().noneMatch(DiscoveryException::isRetriable);
      return failed(first, allFatal);
    }
    List<Registry> previous = current;
    current = result.registries();
    if (metrics != null) {
      metrics.succeeded(current.size(), regionFailures.size());
    }
    if (previous == null) {
      log.info("Connector {} discovered {}", connector, ScopeDiscovery.summary(current));
    } else if (!Set.copyOf(previous).equals(Set.copyOf(current))) {
      log.info(
          "Connector {} discovered a change: {} (added {}, removed {}); reassigning tasks",
          connector,
          ScopeDiscovery.summary(current),
          sample(minus(current, previous)),
          sample(minus(previous, current)));
      try {
        onChange.run();
      } catch (RuntimeException e) {
        current = previous; // so the next discovery sees the change again and asks again
        return failed(e, false);
      }
    }
    if (!regionFailures.isEmpty()) {
      failuresInRow++;
      warn(
          "Connector {} could not read the enabled regions of {} account(s) and keeps the regions"
              + " last read for them: {}",
          connector,
          regionFailures.size(),
          regionFailures.values().iterator().next().getMessage());
      return retryDelay();
    }
    if (failuresInRow > 0) {
      log.info("Connector {}: discovery works again after {} failure(s)", connector, failuresInRow);
    }
    failuresInRow = 0;
    lastWarnMs = Long.MIN_VALUE;
    return intervalMs;
  }

  private long failed(Exception e, boolean fatal) {
    if (closed.getCount() == 0) {
      return intervalMs; // stop() interrupted it: not a failure worth a warning
    }
    if (metrics != null) {
      metrics.failed();
    }
    failuresInRow++;
    lastFailure = e;
    lastFailureFatal = fatal;
    if (current != null) {
      warn(
          "Connector {}: discovery failed {} time(s) in a row; keeping the {} registries last"
              + " found: {}",
          connector,
          failuresInRow,
          current.size(),
          e.getMessage());
    } else if (!fatal) {
      warn("Connector {}: discovery failed, retrying: {}", connector, e.getMessage());
    }
    return retryDelay();
  }

  private long retryDelay() {
    return Math.min(backoff.delayMs(failuresInRow), intervalMs);
  }

  /** At most one WARN per interval, so an hour of throttling does not flood the log. */
  private void warn(String format, Object... args) {
    long now = nowMs.getAsLong();
    if (lastWarnMs == Long.MIN_VALUE || now - lastWarnMs >= WARN_INTERVAL_MS) {
      lastWarnMs = now;
      log.warn(format, args);
    }
  }

  private void schedule(long delayMs) {
    if (closed.getCount() == 0) {
      return;
    }
    try {
      executor.schedule(this::tick, delayMs, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed meanwhile
    }
  }

  private void tick() {
    long delay = intervalMs;
    try {
      delay = runOnce();
    } catch (Throwable t) {
      log.error("Connector {}: discovery failed unexpectedly", connector, t);
    } finally {
      schedule(delay);
    }
  }

  private static List<Registry> minus(List<Registry> a, List<Registry> b) {
    Set<Registry> rest = new LinkedHashSet<>(a);
    b.forEach(rest::remove);
    return new ArrayList<>(rest);
  }

  private static String sample(List<Registry> registries) {
    return registries.size() <= 10
        ? registries.toString()
        : registries.subList(0, 10) + " and " + (registries.size() - 10) + " more";
  }

  /** Stops the thread, interrupting a discovery in flight; returns within a few seconds. */
  @Override
  public void close() {
    closed.countDown();
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (metrics != null) {
      metrics.close();
    }
  }
}
