package io.github.ecrconnect.ptc.core;

import java.util.Random;

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of min(max, initial
 * * 2^(n-1)), so retries of many registries spread out instead of colliding.
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
    int doublings = Math.max(attempt, 1) - 1;
    long ceiling = initialMs;
    // At most 63 rounds: each doubles the ceiling until it reaches maxMs.
    for (int i = 0; i < doublings && ceiling < maxMs; i++) {
      // Doubling past maxMs / 2 would pass the cap, and near Long.MAX_VALUE wrap negative.
      ceiling = ceiling > maxMs / 2 ? maxMs : ceiling * 2;
    }
    long half = ceiling / 2;
    return Math.min(ceiling, half + (long) (random.nextDouble() * (ceiling - half + 1)));
  }

  public long maxMs() {
    return maxMs;
  }
}
