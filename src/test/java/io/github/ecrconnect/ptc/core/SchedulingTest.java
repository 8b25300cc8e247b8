package io.github.ecrconnect.ptc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchedulingTest {
  private final Registry a = Registry.of("111111111111", "us-east-1");
  private final Registry b = Registry.of(null, "eu-west-1");

  @Test
  void everyRegistryIsDueAtStartAndAgainAfterTheInterval() {
    PollSchedule schedule =
        new PollSchedule(
            List.of(a, b), 10_000, new Backoff(1_000, 60_000, new Random(1)), new Random(1), 0);
    assertThat(schedule.dueAt(0)).containsExactly(a, b);

    schedule.succeeded(a, 0);
    schedule.succeeded(b, 0);
    assertThat(schedule.dueAt(8_999)).isEmpty();
    assertThat(schedule.dueAt(10_000)).containsExactly(a, b);
    assertThat(schedule.nextDueMs()).isBetween(9_000L, 10_000L);
  }

  @Test
  void failuresBackOffExponentiallyWithJitterUpToTheCap() {
    Backoff backoff = new Backoff(1_000, 8_000, new Random(42));
    for (int attempt = 1; attempt <= 10; attempt++) {
      long ceiling = Math.min(8_000, 1_000L << Math.min(attempt - 1, 20));
      for (int i = 0; i < 100; i++) {
        assertThat(backoff.delayMs(attempt)).isBetween(ceiling / 2, ceiling);
      }
    }
    Set<Long> distinct = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      distinct.add(backoff.delayMs(10));
    }
    assertThat(distinct).as("jitter spreads retries").hasSizeGreaterThan(10);
  }

  @Test
  void aFailedRegistryIsRetriedLaterAndRecoversToTheInterval() {
    PollSchedule schedule =
        new PollSchedule(
            List.of(a), 60_000, new Backoff(1_000, 4_000, new Random(1)), new Random(1), 0);
    long retry1 = schedule.failed(a, 0);
    long retry3 = 0;
    schedule.failed(a, retry1);
    retry3 = schedule.failed(a, retry1);
    assertThat(retry1).isBetween(500L, 1_000L);
    assertThat(retry3 - retry1).isBetween(2_000L, 4_000L);
    assertThat(schedule.failingCount()).isEqualTo(1);

    schedule.succeeded(a, retry3);
    assertThat(schedule.failingCount()).isZero();
    assertThat(schedule.consecutiveFailures(a)).isZero();
    assertThat(schedule.nextDueMs() - retry3).isBetween(54_000L, 60_000L);
  }

  @Test
  void roundRobinIsBalancedAndDeterministic() {
    List<Integer> units = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      units.add(i);
    }
    assertThat(RoundRobinAssignment.assign(units, 2))
        .containsExactly(List.of(0, 2, 4), List.of(1, 3));
    assertThat(RoundRobinAssignment.assign(units, 10)).hasSize(5);
    for (int tasks = 1; tasks <= 7; tasks++) {
      List<List<Integer>> assignment = RoundRobinAssignment.assign(units, tasks);
      int min = assignment.stream().mapToInt(List::size).min().orElseThrow();
      int max = assignment.stream().mapToInt(List::size).max().orElseThrow();
      assertThat(max - min).isLessThanOrEqualTo(1);
      assertThat(assignment.stream().mapToInt(List::size).sum()).isEqualTo(5);
      assertThat(RoundRobinAssignment.assign(units, tasks)).isEqualTo(assignment);
    }
    assertThatThrownBy(() -> RoundRobinAssignment.assign(units, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
