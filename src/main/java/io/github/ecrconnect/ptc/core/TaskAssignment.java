package io.github.ecrconnect.ptc.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Spreads units over {@code min(maxTasks, units)} tasks, two ways. Both give task sizes that differ
 * by at most one and depend only on the input order, so every rebalance assigns the same way.
 */
public final class TaskAssignment {
  private TaskAssignment() {}

  /**
   * Round robin: five registries r0..r4 and {@code tasks.max=2} give task 0 = [r0, r2, r4], task 1
   * = [r1, r3]. For a configured list of registries (DESIGN.md).
   */
  public static <T> List<List<T>> roundRobin(List<T> units, int maxTasks) {
    List<List<T>> tasks = emptyTasks(units, maxTasks);
    for (int i = 0; i < units.size(); i++) {
      tasks.get(i % tasks.size()).add(units.get(i));
    }
    return tasks;
  }

  /**
   * Contiguous runs, after putting the units of one group next to each other. For registries found
   * by discovery the group is the account, so an account's regions share a task, and with it the
   * task's one session of the account's role: at most {@code tasks - 1} accounts are split, between
   * two neighbouring tasks. Example: registries a@us, b@us, a@eu, b@eu, c@us and {@code
   * tasks.max=2} give task 0 = [a@us, a@eu, b@us], task 1 = [b@eu, c@us].
   */
  public static <T> List<List<T>> groupsTogether(
      List<T> units, int maxTasks, Function<T, ?> group) {
    List<List<T>> tasks = emptyTasks(units, maxTasks);
    // Optional: the group may be null (the connector's own account).
    Map<Optional<?>, List<T>> groups = new LinkedHashMap<>();
    for (T unit : units) {
      groups
          .computeIfAbsent(Optional.ofNullable(group.apply(unit)), key -> new ArrayList<>())
          .add(unit);
    }
    List<T> ordered = new ArrayList<>(units.size());
    groups.values().forEach(ordered::addAll);

    int taskCount = tasks.size();
    int base = taskCount == 0 ? 0 : ordered.size() / taskCount;
    int larger = taskCount == 0 ? 0 : ordered.size() % taskCount;
    int start = 0;
    for (int i = 0; i < taskCount; i++) {
      int size = base + (i < larger ? 1 : 0);
      tasks.get(i).addAll(ordered.subList(start, start + size));
      start += size;
    }
    return tasks;
  }

  private static <T> List<List<T>> emptyTasks(List<T> units, int maxTasks) {
    if (maxTasks < 1) {
      throw new IllegalArgumentException("maxTasks must be at least 1");
    }
    int taskCount = Math.min(maxTasks, units.size());
    List<List<T>> tasks = new ArrayList<>(taskCount);
    for (int i = 0; i < taskCount; i++) {
      tasks.add(new ArrayList<>());
    }
    return tasks;
  }
}
