package io.github.ecrconnect.ptc.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToLongFunction;

/**
 * When each registry of a task is next due. The first polls are spread out: registry i (in
 * assignment order) is first due {@code i * min(interval / registries, spacing)} after the start,
 * so a task with a few registries reads them all at once, while 500 registries start over 50 s at
 * the default 100 ms spacing instead of in the same second. A success schedules the next poll one
 * interval later, minus up to 10% jitter (so registries drift apart, and a poll is never later than
 * the interval); a failure schedules a retry with growing backoff. Not thread-safe: the task's poll
 * thread owns it.
 */
public final class PollSchedule {
  /** At most this many first polls per second per task (the default request rate limit). */
  public static final long DEFAULT_FIRST_POLL_SPACING_MS = 100;

  private static final double JITTER_FRACTION = 0.1;

  private final long intervalMs;
  private final Backoff backoff;
  private final Random random;
  private final Map<Registry, Entry> entries = new LinkedHashMap<>();

  /** Every registry is due at {@code nowMs}. */
  public PollSchedule(
      List<Registry> registries, long intervalMs, Backoff backoff, Random random, long nowMs) {
    this(registries, intervalMs, 0, backoff, random, nowMs);
  }

  /**
   * The first polls spread from {@code nowMs}, {@code min(intervalMs / registries,
   * firstPollSpacingMs)} apart, in the order of {@code registries}: deterministic, so a restarted
   * task spreads the same way.
   */
  public PollSchedule(
      List<Registry> registries,
      long intervalMs,
      long firstPollSpacingMs,
      Backoff backoff,
      Random random,
      long nowMs) {
    if (firstPollSpacingMs < 0) {
      throw new IllegalArgumentException("firstPollSpacingMs must not be negative");
    }
    this.intervalMs = intervalMs;
    this.backoff = backoff;
    this.random = random;
    double spacing =
        registries.isEmpty()
            ? 0
            : Math.min((double) intervalMs / registries.size(), firstPollSpacingMs);
    int rank = 0;
    for (Registry registry : registries) {
      entries.put(registry, new Entry(nowMs + (long) (rank++ * spacing), nowMs));
    }
  }

  /** When {@code registry} is next due. */
  public long nextDueMs(Registry registry) {
    return entries.get(registry).nextDueMs;
  }

  /** The registries due at {@code nowMs}, in assignment order. */
  public List<Registry> dueAt(long nowMs) {
    List<Registry> due = new ArrayList<>();
    entries.forEach(
        (registry, entry) -> {
          if (entry.nextDueMs <= nowMs) {
            due.add(registry);
          }
        });
    return due;
  }

  /** The earliest time any registry is due. */
  public long nextDueMs() {
    return earliest(entry -> entry.nextDueMs);
  }

  public void succeeded(Registry registry, long nowMs) {
    Entry entry = entries.get(registry);
    entry.consecutiveFailures = 0;
    entry.lastSuccessMs = nowMs;
    long jitter = (long) (random.nextDouble() * intervalMs * JITTER_FRACTION);
    entry.nextDueMs = saturatedAdd(nowMs, intervalMs - jitter);
  }

  /** Schedules a retry with backoff; returns when it will be. */
  public long failed(Registry registry, long nowMs) {
    Entry entry = entries.get(registry);
    entry.consecutiveFailures++;
    entry.nextDueMs = saturatedAdd(nowMs, backoff.delayMs(entry.consecutiveFailures));
    return entry.nextDueMs;
  }

  /** {@code now + delay}, or "never" rather than a wrapped, past time for a huge delay. */
  private static long saturatedAdd(long nowMs, long delayMs) {
    long sum = nowMs + delayMs;
    return delayMs > 0 && sum < nowMs ? Long.MAX_VALUE : sum;
  }

  public int consecutiveFailures(Registry registry) {
    return entries.get(registry).consecutiveFailures;
  }

  /** Registries whose last attempt failed. */
  public int failingCount() {
    int failing = 0;
    for (Entry entry : entries.values()) {
      if (entry.consecutiveFailures > 0) {
        failing++;
      }
    }
    return failing;
  }

  /**
   * The time of the oldest last success across registries, a registry that never succeeded counting
   * from the schedule's start: how stale the stalest registry is.
   */
  public long oldestSuccessMs() {
    return earliest(entry -> entry.lastSuccessMs);
  }

  /** The earliest of a time over all registries; {@code Long.MAX_VALUE} for none. */
  private long earliest(ToLongFunction<Entry> time) {
    long earliest = Long.MAX_VALUE;
    for (Entry entry : entries.values()) {
      earliest = Math.min(earliest, time.applyAsLong(entry));
    }
    return earliest;
  }

  private static final class Entry {
    long nextDueMs;
    long lastSuccessMs;
    int consecutiveFailures;

    Entry(long nextDueMs, long startMs) {
      this.nextDueMs = nextDueMs;
      this.lastSuccessMs = startMs;
    }
  }
}
