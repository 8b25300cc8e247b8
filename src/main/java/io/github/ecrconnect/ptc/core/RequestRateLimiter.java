package io.github.ecrconnect.ptc.core;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket that keeps a task's API requests under a rate: {@code perSecond} tokens a second,
 * at most one second's worth (and at least one) saved up for a burst, full at the start. One is
 * shared by all registries of a task, and every page request takes a token first.
 *
 * <p>{@link #tryAcquire()} is pure arithmetic on the injected clock; {@link #acquire()} waits on
 * this object's monitor, so {@link #close()} (the task stopping) ends a wait at once, as does an
 * interrupt.
 */
public final class RequestRateLimiter implements AutoCloseable {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final double tokensPerNano;
  private final double capacity;
  private final LongSupplier nanoClock;
  private double tokens;
  private long refilledAtNs;
  private boolean closed;

  /**
   * @param perSecond requests per second, more than 0 (fractions allowed: 0.5 is one every 2 s)
   * @param nanoClock a monotonic clock in nanoseconds, such as {@code System::nanoTime}
   */
  public RequestRateLimiter(double perSecond, LongSupplier nanoClock) {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("perSecond must be a positive number, got " + perSecond);
    }
    this.tokensPerNano = perSecond / NANOS_PER_SECOND;
    this.capacity = Math.max(1, perSecond);
    this.nanoClock = nanoClock;
    this.tokens = capacity;
    this.refilledAtNs = nanoClock.getAsLong();
  }

  /** A limiter that never waits: {@code aws.ecr.max.requests.per.second=0}. */
  public static RequestRateLimiter unlimited() {
    return new RequestRateLimiter();
  }

  private RequestRateLimiter() {
    this.tokensPerNano = Double.POSITIVE_INFINITY;
    this.capacity = Double.POSITIVE_INFINITY;
    this.nanoClock = () -> 0L;
    this.tokens = Double.POSITIVE_INFINITY;
  }

  public boolean isUnlimited() {
    return Double.isInfinite(capacity);
  }

  /**
   * Takes a token if one is available now and returns 0; otherwise takes nothing and returns the
   * nanoseconds until one will be (at least 1).
   */
  public synchronized long tryAcquire() {
    if (isUnlimited()) {
      return 0;
    }
    long now = nanoClock.getAsLong();
    tokens = Math.min(capacity, tokens + (now - refilledAtNs) * tokensPerNano);
    refilledAtNs = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((1 - tokens) / tokensPerNano));
  }

  /**
   * Takes a token, waiting until one is available.
   *
   * @return true with a token; false if the limiter was closed before one became available
   * @throws InterruptedException if the thread was interrupted while waiting
   */
  public synchronized boolean acquire() throws InterruptedException {
    while (!closed) {
      long waitNs = tryAcquire();
      if (waitNs == 0) {
        return true;
      }
      TimeUnit.NANOSECONDS.timedWait(this, waitNs);
    }
    return false;
  }

  /** Ends every wait in {@link #acquire()}, which then returns false, now and later. */
  @Override
  public synchronized void close() {
    closed = true;
    notifyAll();
  }
}
