package io.github.ecrconnect.ptc.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * retry.backoff.ms and retry.backoff.max.ms accept any positive long, and poll.interval.ms too: no
 * value may wrap the arithmetic into a negative delay or a due time in the past (a hot retry loop).
 */
class BackoffBoundsTest {
  private static final Registry REGISTRY = Registry.of("111111111111", "us-east-1");

  @ParameterizedTest(name = "initial {0}, max {1}")
  @CsvSource({
    "3, 9223372036854775807",
    "1000, 9223372036854775807",
    "4611686018427387905, 9223372036854775807",
    "9223372036854775807, 9223372036854775807",
    "1, 9223372036854775806",
  })
  void everyAttemptWaitsBetweenHalfTheCeilingAndTheMax(long initial, long max) {
    Backoff backoff = new Backoff(initial, max, new Random(7));
    long previousCeiling = 0;
    for (int attempt = 1; attempt <= 200; attempt++) {
      long delay = backoff.delayMs(attempt);
      assertThat(delay).as("attempt %d", attempt).isBetween(Math.min(initial, max) / 2, max);
      assertThat(delay)
          .as("attempt %d never shrinks below half the last ceiling", attempt)
          .isGreaterThanOrEqualTo(previousCeiling / 4);
      previousCeiling = Math.max(previousCeiling, delay);
    }
    assertThat(backoff.delayMs(Integer.MAX_VALUE)).isBetween(max / 2, max);
  }

  @ParameterizedTest(name = "now {0}")
  @CsvSource({"0", "1700000000000", "9223372036854775000", "-9223372036854775000"})
  void aHugeBackoffOrIntervalIsNeverDueInThePast(long now) {
    PollSchedule schedule =
        new PollSchedule(
            List.of(REGISTRY),
            Long.MAX_VALUE,
            new Backoff(Long.MAX_VALUE / 2, Long.MAX_VALUE, new Random(3)),
            new Random(3),
            now);

    for (int failure = 0; failure < 5; failure++) {
      assertThat(schedule.failed(REGISTRY, now)).isGreaterThan(now);
    }
    assertThat(schedule.dueAt(now)).isEmpty();

    schedule.succeeded(REGISTRY, now);
    assertThat(schedule.nextDueMs(REGISTRY)).isGreaterThan(now);
    assertThat(schedule.dueAt(now)).isEmpty();
  }
}
