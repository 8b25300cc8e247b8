package io.github.ecrconnect.ptc.core;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The state of a registry as last emitted: what the next listing is diffed against. Restored from a
 * source offset it holds only hashes; built from a snapshot it also holds the rule bodies, so that
 * updates and deletes can carry {@code before}.
 */
public final class SnapshotState {
  /** The hash of a state narrowed to a smaller scope: matches no listing, so it is re-diffed. */
  private static final String NARROWED_HASH = "narrowed";

  private final String snapshotHash;
  private final String registryId;
  private final PrefixFilter scope;
  private final SortedMap<String, RuleFingerprint> fingerprints;
  private final SortedMap<String, PullThroughCacheRule> rules;

  private SnapshotState(
      String snapshotHash,
      String registryId,
      PrefixFilter scope,
      SortedMap<String, RuleFingerprint> fingerprints,
      SortedMap<String, PullThroughCacheRule> rules) {
    this.snapshotHash = Objects.requireNonNull(snapshotHash, "snapshotHash");
    this.registryId = registryId;
    this.scope = scope;
    this.fingerprints = Collections.unmodifiableSortedMap(fingerprints);
    this.rules = Collections.unmodifiableSortedMap(rules);
  }

  /** The state after emitting {@code snapshot}; remembers the registry id across empty ones. */
  public static SnapshotState of(RuleSnapshot snapshot, String knownRegistryId) {
    return of(snapshot, knownRegistryId, PrefixFilter.allowAll());
  }

  /** As {@link #of(RuleSnapshot, String)}, for a listing taken through the filter {@code scope}. */
  public static SnapshotState of(
      RuleSnapshot snapshot, String knownRegistryId, PrefixFilter scope) {
    String registryId = snapshot.registryId() != null ? snapshot.registryId() : knownRegistryId;
    return new SnapshotState(
        snapshot.hash(),
        registryId,
        scope,
        new TreeMap<>(snapshot.fingerprints()),
        snapshot.rules());
  }

  /** A state read back from an offset: hashes only, no rule bodies; scope unknown. */
  public static SnapshotState restored(
      String snapshotHash, String registryId, Map<String, RuleFingerprint> fingerprints) {
    return restored(snapshotHash, registryId, fingerprints, null);
  }

  /** A state read back from an offset that names its scope (null: unknown). */
  public static SnapshotState restored(
      String snapshotHash,
      String registryId,
      Map<String, RuleFingerprint> fingerprints,
      PrefixFilter scope) {
    return new SnapshotState(
        snapshotHash, registryId, scope, new TreeMap<>(fingerprints), Collections.emptySortedMap());
  }

  /**
   * This state seen through {@code filter}: the rules the filter drops are left out, since a rule
   * that left the scope was not deleted. This state itself when the filter keeps all its rules.
   */
  public SnapshotState narrowedTo(PrefixFilter filter) {
    if (filter.prefixes().isEmpty() || fingerprints.keySet().stream().allMatch(filter::covers)) {
      return this;
    }
    SortedMap<String, RuleFingerprint> keptPrints = new TreeMap<>();
    fingerprints.forEach(
        (prefix, print) -> {
          if (filter.covers(prefix)) {
            keptPrints.put(prefix, print);
          }
        });
    SortedMap<String, PullThroughCacheRule> keptRules = new TreeMap<>();
    rules.forEach(
        (prefix, rule) -> {
          if (filter.covers(prefix)) {
            keptRules.put(prefix, rule);
          }
        });
    return new SnapshotState(NARROWED_HASH, registryId, scope, keptPrints, keptRules);
  }

  /**
   * The snapshot of a listing, as {@link RuleSnapshot#of(Collection)} builds it; but when the
   * listing holds exactly this state's rules (the steady state: nothing changed) it hashes nothing
   * and returns a snapshot that shares this state's rules, fingerprints and hash. Equal rules hash
   * equally, so the result is the same, at the cost of one {@code equals} per rule instead of one
   * SHA-256. A state restored from an offset (no rule bodies) always has the listing rehashed.
   */
  public RuleSnapshot snapshotOf(Collection<PullThroughCacheRule> listed) {
    if (hasRuleBodies() && size() == listed.size()) {
      PullThroughCacheRule[] sorted = listed.toArray(new PullThroughCacheRule[0]);
      sortByPrefix(sorted);
      int i = 0;
      for (PullThroughCacheRule known : rules.values()) {
        if (!known.equals(sorted[i++])) {
          return RuleSnapshot.of(listed);
        }
      }
      return new RuleSnapshot(rules, fingerprints, snapshotHash);
    }
    return RuleSnapshot.of(listed);
  }

  /** Sorts by prefix; a listing that arrives sorted (as ECR pages are) costs one pass. */
  private static void sortByPrefix(PullThroughCacheRule[] rules) {
    for (int i = 1; i < rules.length; i++) {
      if (rules[i - 1].ecrRepositoryPrefix().compareTo(rules[i].ecrRepositoryPrefix()) > 0) {
        Arrays.sort(rules, Comparator.comparing(PullThroughCacheRule::ecrRepositoryPrefix));
        return;
      }
    }
  }

  /**
   * The state after emitting {@code snapshot}, listed through {@code filter}: this state itself
   * when it already is that one with the rule bodies known; otherwise a new one (also for an
   * unchanged listing when this state was restored from an offset, so that later updates and
   * deletes can carry the rule's old body as {@code before}).
   */
  public SnapshotState after(RuleSnapshot snapshot, PrefixFilter filter) {
    boolean same = snapshotHash.equals(snapshot.hash()) && filter.equals(scope);
    return same && hasRuleBodies() ? this : of(snapshot, registryId, filter);
  }

  /**
   * Whether {@code snapshot} holds the same rules as this state: the one test of "unchanged". The
   * same snapshot hash, or the same fingerprints (a narrowed state has no hash of a listing).
   */
  public boolean sameRulesAs(RuleSnapshot snapshot) {
    return snapshotHash.equals(snapshot.hash()) || fingerprints.equals(snapshot.fingerprints());
  }

  /**
   * The filter the state was taken through, or null if not known (offsets of version 1): then it is
   * taken to be the configured one.
   */
  public PrefixFilter scope() {
    return scope;
  }

  /** Whether a rule with this prefix was in scope when the state was taken (if unknown: yes). */
  public boolean hadInScope(String prefix) {
    return scope == null || scope.covers(prefix);
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

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SnapshotState)) {
      return false;
    }
    SnapshotState other = (SnapshotState) o;
    return snapshotHash.equals(other.snapshotHash)
        && Objects.equals(registryId, other.registryId)
        && Objects.equals(scope, other.scope)
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
