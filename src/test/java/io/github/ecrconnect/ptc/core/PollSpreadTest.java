package io.github.ecrconnect.ptc.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** First polls are spread so that thousands of registries do not fire in the same second. */
class PollSpreadTest {
  private static final long MINUTE = 60_000;
  private static final long START = 1_000_000;

  private static List<Registry> registries(int count) {
    List<Registry> registries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      registries.add(Registry.of(String.format("%012d", 100_000_000_000L + i), "us-east-1"));
    }
    return registries;
  }

  private static PollSchedule schedule(List<Registry> registries, long intervalMs, long spacingMs) {
    return new PollSchedule(
        registries,
        intervalMs,
        spacingMs,
        new Backoff(1_000, 60_000, new Random(1)),
        new Random(1),
        START);
  }

  /** How many registries are first due in each second after the start. */
  private static TreeMap<Long, Integer> firstPollsPerSecond(
      PollSchedule schedule, List<Registry> registries) {
    TreeMap<Long, Integer> perSecond = new TreeMap<>();
    for (Registry registry : registries) {
      perSecond.merge((schedule.nextDueMs(registry) - START) / 1_000, 1, Integer::sum);
    }
    return perSecond;
  }

  @Test
  void fiveHundredRegistriesStartTenPerSecondOverFiftySeconds() {
    List<Registry> registries = registries(500);
    PollSchedule schedule = schedule(registries, MINUTE, 100);

    TreeMap<Long, Integer> perSecond = firstPollsPerSecond(schedule, registries);

    assertThat(perSecond.values()).allSatisfy(count -> assertThat(count).isEqualTo(10));
    assertThat(perSecond.firstKey()).isZero();
    assertThat(perSecond.lastKey()).isEqualTo(49);
    assertThat(schedule.dueAt(START)).containsExactly(registries.get(0));
    assertThat(schedule.nextDueMs(registries.get(499))).isEqualTo(START + 49_900);
  }

  @Test
  void manyRegistriesSpreadOverOneIntervalAtMost() {
    List<Registry> registries = registries(2_000);
    PollSchedule schedule = schedule(registries, MINUTE, 100);

    assertThat(schedule.nextDueMs(registries.get(1)) - START).isEqualTo(30);
    assertThat(schedule.nextDueMs(registries.get(1_999)) - START).isLessThan(MINUTE);
    assertThat(firstPollsPerSecond(schedule, registries).values())
        .allSatisfy(count -> assertThat(count).isBetween(33, 34));
  }

  @Test
  void aFewRegistriesAreReadPromptly() {
    List<Registry> registries = registries(3);
    PollSchedule schedule = schedule(registries, MINUTE, 100);

    assertThat(schedule.dueAt(START + 200)).containsExactlyElementsOf(registries);
    assertThat(schedule.dueAt(START + 199)).hasSize(2);
  }

  @Test
  void theSpreadIsDeterministic() {
    List<Registry> registries = registries(50);
    PollSchedule one = schedule(registries, MINUTE, 100);
    PollSchedule other = schedule(registries, MINUTE, 100);
    for (Registry registry : registries) {
      assertThat(other.nextDueMs(registry)).isEqualTo(one.nextDueMs(registry));
    }
  }

  @Test
  void laterRoundsStaySpread() {
    List<Registry> registries = registries(500);
    PollSchedule schedule = schedule(registries, MINUTE, 100);
    TreeMap<Long, Integer> polls = new TreeMap<>();
    for (long now = START; now < START + 5 * MINUTE; now += 10) {
      for (Registry registry : schedule.dueAt(now)) {
        schedule.succeeded(registry, now);
        polls.merge((now - START) / 1_000, 1, Integer::sum);
      }
    }
    int busiest = polls.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
    assertThat(busiest).as("polls in the busiest second of five minutes").isLessThanOrEqualTo(20);
  }

  @Test
  void stalenessCountsFromTheStartNotFromTheSpreadFirstPoll() {
    List<Registry> registries = registries(100);
    PollSchedule schedule = schedule(registries, MINUTE, 100);
    assertThat(schedule.oldestSuccessMs()).isEqualTo(START);
  }

  @Test
  void withoutSpacingEveryRegistryIsDueAtTheStart() {
    List<Registry> registries = registries(20);
    assertThat(schedule(registries, MINUTE, 0).dueAt(START)).hasSize(20);
  }
}
