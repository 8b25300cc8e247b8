package io.github.ecrconnect.ptc.core;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs registry listings on threads the task owns, so that the poll thread waits for AWS only as
 * long as it chooses to, and a stopping task can abandon listings still in flight. At most one
 * listing per registry is in flight: from {@link #start} until {@link #awaitFinished} hands its
 * result over. The poll thread alone diffs and keeps state; this class only lists. Thread-safe:
 * {@link #close()} may come from any thread.
 *
 * <p>Up to {@code maxInFlight} registries are listed at once, in the order started; a registry's
 * pages stay sequential (each names the previous page's token). More than one, because a listing
 * waits a round trip per page: one at a time, a task reads at most 1 / round trip pages a second
 * whatever its request rate limit (benchmark 7). The task's rate limit still spaces all their
 * pages. Threads start when there is work and end after a minute idle. Daemons, because an HTTP
 * read the SDK cannot interrupt may outlive a stopped task until the SDK's own timeout; its result
 * is then dropped.
 */
public final class BackgroundListings implements AutoCloseable {
  /** A finished listing: the rules, or why there are none. */
  public static final class Listing {
    private final Registry registry;
    private final long sequence;
    private final List<PullThroughCacheRule> rules;
    private final RuleListingException failure;
    private final Throwable unexpected;
    private final long startedAtMs;
    private final long durationMs;

    Listing(
        Registry registry,
        long sequence,
        List<PullThroughCacheRule> rules,
        RuleListingException failure,
        Throwable unexpected,
        long startedAtMs,
        long durationMs) {
      this.registry = registry;
      this.sequence = sequence;
      this.rules = rules;
      this.failure = failure;
      this.unexpected = unexpected;
      this.startedAtMs = startedAtMs;
      this.durationMs = durationMs;
    }

    public Registry registry() {
      return registry;
    }

    /**
     * The complete listing.
     *
     * @throws RuleListingException if it failed; an unexpected error is rethrown as it was
     */
    public List<PullThroughCacheRule> rules() throws RuleListingException {
      if (failure != null) {
        throw failure;
      }
      if (unexpected instanceof Error) {
        throw (Error) unexpected;
      }
      if (unexpected != null) {
        throw (RuntimeException) unexpected;
      }
      return rules;
    }

    /** Wall-clock time the listing started: the poll time events carry. */
    public long startedAtMs() {
      return startedAtMs;
    }

    public long durationMs() {
      return durationMs;
    }
  }

  /** A listing thread with nothing to do ends after this long. */
  private static final long IDLE_THREAD_SECONDS = 60;

  private final RuleSource source;
  private final Clock wallClock;
  private final MonotonicClock monotonic;
  private final ThreadPoolExecutor executor;
  private final Map<Registry, Future<?>> running = new HashMap<>();
  private final List<Listing> finished = new ArrayList<>();
  private long started;
  private boolean closed;

  /**
   * @param maxInFlight how many registries are listed at once (at least 1)
   * @param threadName the listing threads' name, followed by {@code -1}, {@code -2}...: name them
   *     after the task, for thread dumps
   */
  public BackgroundListings(
      RuleSource source,
      Clock wallClock,
      MonotonicClock monotonic,
      int maxInFlight,
      String threadName) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
    }
    this.source = source;
    this.wallClock = wallClock;
    this.monotonic = monotonic;
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            maxInFlight,
            maxInFlight,
            IDLE_THREAD_SECONDS,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, threadName + "-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    // A task whose registries are all waiting for their next poll keeps no listing thread.
    executor.allowCoreThreadTimeOut(true);
  }

  /**
   * Starts listing {@code registry} unless a listing of it is in flight or this is closed.
   *
   * @return whether a listing started
   */
  public synchronized boolean start(Registry registry) {
    if (closed || inFlight(registry)) {
      return false;
    }
    // The listing records its result under this monitor, so never before it is in running.
    long sequence = started++;
    running.put(registry, executor.submit(() -> list(registry, sequence)));
    return true;
  }

  private boolean inFlight(Registry registry) {
    return running.containsKey(registry)
        || finished.stream().anyMatch(listing -> listing.registry.equals(registry));
  }

  /** Whether no listing is running or waiting to be handed over. */
  public synchronized boolean isIdle() {
    return running.isEmpty() && finished.isEmpty();
  }

  /**
   * Waits until no listing is running, at most {@code maxWaitMs} of real time (a bound on how long
   * the caller blocks, not a schedule), and hands over the listings finished so far, in the order
   * they were started. Returns at once, with nothing, once closed.
   */
  public synchronized List<Listing> awaitFinished(long maxWaitMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
    while (!closed && !running.isEmpty()) {
      long leftNs = deadline - System.nanoTime();
      if (leftNs <= 0) {
        break;
      }
      TimeUnit.NANOSECONDS.timedWait(this, leftNs);
    }
    if (closed) {
      return List.of();
    }
    List<Listing> handedOver = new ArrayList<>(finished);
    // In the order started, not finished: the records of a poll come out the same way whatever
    // the threads' timing.
    handedOver.sort(Comparator.comparingLong(listing -> listing.sequence));
    finished.clear();
    return handedOver;
  }

  private void list(Registry registry, long sequence) {
    long startedAtMs = wallClock.millis();
    long started = monotonic.millis();
    List<PullThroughCacheRule> rules = null;
    RuleListingException failure = null;
    Throwable unexpected = null;
    try {
      rules = source.list(registry);
    } catch (RuleListingException e) {
      failure = e;
    } catch (RuntimeException | Error e) {
      unexpected = e;
    }
    Listing listing =
        new Listing(
            registry,
            sequence,
            rules,
            failure,
            unexpected,
            startedAtMs,
            monotonic.millis() - started);
    synchronized (this) {
      // A listing abandoned by close() reports nothing: neither its rules nor its failure.
      if (running.remove(registry) != null && !closed) {
        finished.add(listing);
        notifyAll();
      }
    }
  }

  /**
   * Abandons every listing: interrupts those running, drops those waiting and any result not yet
   * handed over, and wakes {@link #awaitFinished}. Does not wait for the threads. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      running.values().forEach(listing -> listing.cancel(true));
      running.clear();
      finished.clear();
      notifyAll();
    }
    executor.shutdownNow();
  }
}
