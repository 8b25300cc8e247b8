package io.github.ecrconnect.ptc.core;

import java.util.Random;

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of
 * min(max, initial * 2^(n-1)), so retries of many registries spread out instead of colliding.
 */
public final class Backoff {
  private final long initialMs;
  private final long maxMs;
  private final Random random;

  public Backoff(long initialMs, long maxMs, Random random) {
    if (initialMs <= 0 || maxMs < initialMs) {
      throw new IllegalArgumentException("need 0 < initialMs <= maxMs");
    }
    this.initialMs = initialMs;
    this.maxMs = maxMs;
    this.random = random;
  }

  /** The delay before retry number {@code attempt} (1 for the first retry). */
  public long delayMs(int attempt) {
    int doublings = Math.min(Math.max(attempt, 1) - 1, 62);
    long ceiling = initialMs;
    for (int i = 0; i < doublings && ceiling < maxMs; i++) {
      ceiling *= 2;
    }
    ceiling = Math.min(ceiling, maxMs);
    long half = ceiling / 2;
    return half + (long) (random.nextDouble() * (ceiling - half + 1));
  }

  public long maxMs() {
    return maxMs;
  }
}
