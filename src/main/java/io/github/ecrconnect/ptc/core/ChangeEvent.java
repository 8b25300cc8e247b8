package io.github.ecrconnect.ptc.core;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One change to one rule. {@code before} is null for reads and creates, and also for updates and
 * deletes of rules whose old body is unknown (changed while the task was stopped); {@code after} is
 * null for deletes.
 */
public final class ChangeEvent {
  private final Operation operation;
  private final String registryId;
  private final String ecrRepositoryPrefix;
  private final PullThroughCacheRule before;
  private final PullThroughCacheRule after;
  private final List<String> changedFields;

  private ChangeEvent(
      Operation operation,
      String registryId,
      String ecrRepositoryPrefix,
      PullThroughCacheRule before,
      PullThroughCacheRule after,
      List<String> changedFields) {
    this.operation = operation;
    this.registryId = registryId;
    this.ecrRepositoryPrefix = Objects.requireNonNull(ecrRepositoryPrefix);
    this.before = before;
    this.after = after;
    this.changedFields = Collections.unmodifiableList(changedFields);
  }

  public static ChangeEvent read(PullThroughCacheRule rule) {
    return new ChangeEvent(
        Operation.READ,
        rule.registryId(),
        rule.ecrRepositoryPrefix(),
        null,
        rule,
        Collections.emptyList());
  }

  public static ChangeEvent create(PullThroughCacheRule rule) {
    return new ChangeEvent(
        Operation.CREATE,
        rule.registryId(),
        rule.ecrRepositoryPrefix(),
        null,
        rule,
        Collections.emptyList());
  }

  public static ChangeEvent update(
      PullThroughCacheRule before, PullThroughCacheRule after, List<String> changedFields) {
    return new ChangeEvent(
        Operation.UPDATE,
        after.registryId(),
        after.ecrRepositoryPrefix(),
        before,
        after,
        changedFields);
  }

  public static ChangeEvent delete(
      String registryId, String ecrRepositoryPrefix, PullThroughCacheRule before) {
    return new ChangeEvent(
        Operation.DELETE, registryId, ecrRepositoryPrefix, before, null, Collections.emptyList());
  }

  public Operation operation() {
    return operation;
  }

  /** The account id the rule belongs to (the key's registryId). */
  public String registryId() {
    return registryId;
  }

  public String ecrRepositoryPrefix() {
    return ecrRepositoryPrefix;
  }

  public PullThroughCacheRule before() {
    return before;
  }

  public PullThroughCacheRule after() {
    return after;
  }

  /** Names of the fields that differ, in {@link RuleField} order; empty unless an update. */
  public List<String> changedFields() {
    return changedFields;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ChangeEvent)) {
      return false;
    }
    ChangeEvent other = (ChangeEvent) o;
    return operation == other.operation
        && Objects.equals(registryId, other.registryId)
        && ecrRepositoryPrefix.equals(other.ecrRepositoryPrefix)
        && Objects.equals(before, other.before)
        && Objects.equals(after, other.after)
        && changedFields.equals(other.changedFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(operation, ecrRepositoryPrefix);
  }

  @Override
  public String toString() {
    return operation.code() + " " + registryId + "/" + ecrRepositoryPrefix + " " + changedFields;
  }
}
