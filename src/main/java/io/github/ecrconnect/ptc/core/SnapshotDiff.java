package io.github.ecrconnect.ptc.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Computes the change events that take a registry from its last emitted state to a snapshot. */
public final class SnapshotDiff {
  private SnapshotDiff() {}

  /**
   * The events from {@code previous} to {@code current}: creates and updates in prefix order, then
   * deletes in prefix order. With no previous state every rule is a {@link Operation#READ}, and so
   * is a rule outside the previous state's scope. {@code previous} must hold only rules in the
   * current scope (see {@link SnapshotState#narrowedTo}).
   */
  public static List<ChangeEvent> between(SnapshotState previous, RuleSnapshot current) {
    List<ChangeEvent> events = new ArrayList<>();
    if (previous == null) {
      current.rules().values().forEach(rule -> events.add(ChangeEvent.read(rule)));
      return events;
    }
    if (previous.sameRulesAs(current)) {
      return events;
    }
    Map<String, RuleFingerprint> oldPrints = previous.fingerprints();
    for (Map.Entry<String, PullThroughCacheRule> entry : current.rules().entrySet()) {
      String prefix = entry.getKey();
      RuleFingerprint oldPrint = oldPrints.get(prefix);
      if (oldPrint == null) {
        // A rule that was out of scope before entered it: read, not created.
        events.add(
            previous.hadInScope(prefix)
                ? ChangeEvent.create(entry.getValue())
                : ChangeEvent.read(entry.getValue()));
      } else {
        RuleFingerprint newPrint = current.fingerprints().get(prefix);
        if (!newPrint.sameRuleAs(oldPrint)) {
          PullThroughCacheRule before = previous.rule(prefix);
          List<String> changed =
              before != null
                  ? fieldsDiffering(before, entry.getValue())
                  : newPrint.fieldsDifferingFrom(oldPrint);
          events.add(ChangeEvent.update(before, entry.getValue(), changed));
        }
      }
    }
    for (String prefix : oldPrints.keySet()) {
      if (!current.rules().containsKey(prefix)) {
        events.add(ChangeEvent.delete(previous.registryId(), prefix, previous.rule(prefix)));
      }
    }
    return events;
  }

  /**
   * The names of the reported fields whose values differ, in {@link RuleField} order (see {@link
   * RuleField#isReportedAsChanged()}).
   */
  public static List<String> fieldsDiffering(PullThroughCacheRule a, PullThroughCacheRule b) {
    List<String> changed = new ArrayList<>();
    for (RuleField field : RuleField.ALL) {
      if (field.isReportedAsChanged() && !Objects.equals(field.valueOf(a), field.valueOf(b))) {
        changed.add(field.fieldName());
      }
    }
    return changed;
  }
}
