package io.github.ecrconnect.ptc.core;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The state of a registry as last emitted: what the next listing is diffed against. Restored from
 * a source offset it holds only hashes; built from a snapshot it also holds the rule bodies, so
 * that updates and deletes can carry {@code before}.
 */
public final class SnapshotState {
  private final String snapshotHash;
  private final String registryId;
  private final SortedMap<String, RuleFingerprint> fingerprints;
  private final SortedMap<String, PullThroughCacheRule> rules;

  private SnapshotState(
      String snapshotHash,
      String registryId,
      SortedMap<String, RuleFingerprint> fingerprints,
      SortedMap<String, PullThroughCacheRule> rules) {
    this.snapshotHash = Objects.requireNonNull(snapshotHash, "snapshotHash");
    this.registryId = registryId;
    this.fingerprints = Collections.unmodifiableSortedMap(fingerprints);
    this.rules = Collections.unmodifiableSortedMap(rules);
  }

  /** The state after emitting {@code snapshot}; remembers the registry id across empty ones. */
  public static SnapshotState of(RuleSnapshot snapshot, String knownRegistryId) {
    String registryId = snapshot.registryId() != null ? snapshot.registryId() : knownRegistryId;
    return new SnapshotState(
        snapshot.hash(), registryId, new TreeMap<>(snapshot.fingerprints()), snapshot.rules());
  }

  /** A state read back from an offset: hashes only, no rule bodies. */
  public static SnapshotState restored(
      String snapshotHash, String registryId, Map<String, RuleFingerprint> fingerprints) {
    return new SnapshotState(
        snapshotHash, registryId, new TreeMap<>(fingerprints), Collections.emptySortedMap());
  }

  public String snapshotHash() {
    return snapshotHash;
  }

  /** The account id of the registry's rules, or null if it never had any. */
  public String registryId() {
    return registryId;
  }

  /** Fingerprints by prefix, in prefix order. */
  public SortedMap<String, RuleFingerprint> fingerprints() {
    return fingerprints;
  }

  /** Whether the rule bodies are known (false for a state restored from an offset). */
  public boolean hasRuleBodies() {
    return rules.size() == fingerprints.size();
  }

  /** The last emitted body of the rule with this prefix, or null if not known (restored state). */
  public PullThroughCacheRule rule(String prefix) {
    return rules.get(prefix);
  }

  /** Rules tracked. */
  public int size() {
    return fingerprints.size();
  }

  /** The bodies by prefix, in prefix order; empty for a restored state. */
  SortedMap<String, PullThroughCacheRule> ruleBodies() {
    return rules;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SnapshotState)) {
      return false;
    }
    SnapshotState other = (SnapshotState) o;
    return snapshotHash.equals(other.snapshotHash)
        && Objects.equals(registryId, other.registryId)
        && fingerprints.equals(other.fingerprints);
  }

  @Override
  public int hashCode() {
    return snapshotHash.hashCode();
  }

  @Override
  public String toString() {
    return "SnapshotState{hash=" + snapshotHash + ", rules=" + fingerprints.size() + "}";
  }
}
