package io.github.ecrconnect.ptc.core;

import java.util.concurrent.TimeUnit;

/**
 * Milliseconds from a clock that never steps: what schedules polls, backoff and staleness, so that
 * a wall-clock correction (NTP, a VM resumed) neither stalls nor rushes them. Its origin means
 * nothing; only differences do. Event timestamps come from the wall clock instead.
 */
@FunctionalInterface
public interface MonotonicClock {
  long millis();

  /** {@link System#nanoTime()} in milliseconds. */
  static MonotonicClock system() {
    return () -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
  }
}
