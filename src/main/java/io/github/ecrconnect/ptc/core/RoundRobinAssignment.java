package io.github.ecrconnect.ptc.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Spreads registries over {@code min(maxTasks, registries)} tasks round-robin. Example: five
 * registries r0..r4 and {@code tasks.max=2} give task 0 = [r0, r2, r4], task 1 = [r1, r3]. The
 * result depends only on the input order, so every rebalance assigns the same way.
 */
public final class RoundRobinAssignment {
  private RoundRobinAssignment() {}

  public static <T> List<List<T>> assign(List<T> units, int maxTasks) {
    if (maxTasks < 1) {
      throw new IllegalArgumentException("maxTasks must be at least 1");
    }
    int taskCount = Math.min(maxTasks, units.size());
    List<List<T>> tasks = new ArrayList<>(taskCount);
    for (int i = 0; i < taskCount; i++) {
      tasks.add(new ArrayList<>());
    }
    for (int i = 0; i < units.size(); i++) {
      tasks.get(i % taskCount).add(units.get(i));
    }
    return tasks;
  }
}
