package io.github.ecrconnect.ptc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
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
    assertThat(TaskAssignment.roundRobin(units, 2))
        .containsExactly(List.of(0, 2, 4), List.of(1, 3));
    assertThat(TaskAssignment.roundRobin(units, 10)).hasSize(5);
    for (int tasks = 1; tasks <= 7; tasks++) {
      List<List<Integer>> assignment = TaskAssignment.roundRobin(units, tasks);
      int min = assignment.stream().mapToInt(List::size).min().orElseThrow();
      int max = assignment.stream().mapToInt(List::size).max().orElseThrow();
      assertThat(max - min).isLessThanOrEqualTo(1);
      assertThat(assignment.stream().mapToInt(List::size).sum()).isEqualTo(5);
      assertThat(TaskAssignment.roundRobin(units, tasks)).isEqualTo(assignment);
    }
    assertThatThrownBy(() -> TaskAssignment.roundRobin(units, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void groupsTogetherIsBalancedContiguousAndDeterministic() {
    List<Integer> units = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      units.add(i);
    }
    assertThat(TaskAssignment.groupsTogether(units, 2, unit -> unit))
        .containsExactly(List.of(0, 1, 2), List.of(3, 4));
    assertThat(TaskAssignment.groupsTogether(units, 10, unit -> unit)).hasSize(5);
    assertThat(TaskAssignment.groupsTogether(List.<Integer>of(), 3, unit -> unit)).isEmpty();
    for (int tasks = 1; tasks <= 7; tasks++) {
      List<List<Integer>> assignment = TaskAssignment.groupsTogether(units, tasks, unit -> unit);
      int min = assignment.stream().mapToInt(List::size).min().orElseThrow();
      int max = assignment.stream().mapToInt(List::size).max().orElseThrow();
      assertThat(max - min).isLessThanOrEqualTo(1);
      assertThat(assignment.stream().mapToInt(List::size).sum()).isEqualTo(5);
      assertThat(TaskAssignment.groupsTogether(units, tasks, unit -> unit)).isEqualTo(assignment);
    }
    assertThatThrownBy(() -> TaskAssignment.groupsTogether(units, 0, unit -> unit))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Registries come region-major (every account of a region, then the next region); an account's
   * regions must still land on one task, or on two neighbours for at most tasks - 1 accounts.
   */
  @Test
  void anAccountsRegistriesShareATask() {
    List<String> regions = List.of("us-east-1", "eu-west-1", "ap-south-1");
    for (int accounts : new int[] {1, 2, 5, 50, 101}) {
      for (int tasks = 1; tasks <= 6; tasks++) {
        List<Registry> registries = new ArrayList<>();
        for (String region : regions) {
          for (int a = 0; a < accounts; a++) {
            registries.add(Registry.of(String.format("%012d", a), region));
          }
        }
        registries.add(Registry.of(null, "us-east-1"));
        registries.add(Registry.of(null, "eu-west-1"));

        List<List<Registry>> assignment =
            TaskAssignment.groupsTogether(registries, tasks, Registry::registryIdOrNull);

        Map<String, Set<Integer>> tasksOfAccount = new HashMap<>();
        for (int task = 0; task < assignment.size(); task++) {
          for (Registry registry : assignment.get(task)) {
            tasksOfAccount
                .computeIfAbsent(String.valueOf(registry.registryIdOrNull()), k -> new TreeSet<>())
                .add(task);
          }
        }
        long split = tasksOfAccount.values().stream().filter(t -> t.size() > 1).count();
        String scale = accounts + " accounts on " + tasks + " tasks";
        assertThat(assignment.stream().mapToInt(List::size).sum())
            .as(scale)
            .isEqualTo(registries.size());
        assertThat(split).as(scale + ": accounts split over tasks").isLessThanOrEqualTo(tasks - 1);
        if (accounts * regions.size() >= tasks * regions.size() * 2) {
          // With at least two accounts' worth of registries per task, no account spans more
          // than two tasks.
          assertThat(tasksOfAccount.values())
              .as(scale)
              .allSatisfy(t -> assertThat(t).hasSizeLessThanOrEqualTo(2));
        }
      }
    }
  }
}
