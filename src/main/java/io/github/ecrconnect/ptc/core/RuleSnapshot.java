package io.github.ecrconnect.ptc.core;

import java.security.MessageDigest;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The rules of one registry as one complete listing returned them: keyed and ordered by prefix,
 * with each rule's fingerprint and a SHA-256 over all rules that does not depend on the order the
 * API returned them in.
 */
public final class RuleSnapshot {
  private final SortedMap<String, PullThroughCacheRule> rules;
  private final Map<String, RuleFingerprint> fingerprints;
  private final String hash;

  /** A snapshot of known parts, for {@link SnapshotState#snapshotOf} (which shares its own). */
  RuleSnapshot(
      SortedMap<String, PullThroughCacheRule> rules,
      Map<String, RuleFingerprint> fingerprints,
      String hash) {
    this.rules = Collections.unmodifiableSortedMap(rules);
    this.fingerprints = Collections.unmodifiableMap(fingerprints);
    this.hash = hash;
  }

  /**
   * Builds the snapshot of a listing. A prefix listed twice (a rule that changed while the pages
   * were read) keeps the copy with the later {@code updatedAt}, the later one on a tie.
   */
  public static RuleSnapshot of(Collection<PullThroughCacheRule> listed) {
    SortedMap<String, PullThroughCacheRule> byPrefix = new TreeMap<>();
    for (PullThroughCacheRule rule : listed) {
      byPrefix.merge(rule.ecrRepositoryPrefix(), rule, RuleSnapshot::newer);
    }
    RuleHasher hasher = new RuleHasher();
    MessageDigest snapshotDigest = RuleHasher.newSha256();
    Map<String, RuleFingerprint> fingerprints = new HashMap<>(byPrefix.size() * 4 / 3 + 1);
    for (PullThroughCacheRule rule : byPrefix.values()) {
      fingerprints.put(rule.ecrRepositoryPrefix(), hasher.fingerprint(rule));
      snapshotDigest.update(hasher.lastDigest());
    }
    return new RuleSnapshot(byPrefix, fingerprints, Hex.of(snapshotDigest.digest()));
  }

  private static PullThroughCacheRule newer(PullThroughCacheRule a, PullThroughCacheRule b) {
    if (a.updatedAt() != null && b.updatedAt() != null && a.updatedAt().isAfter(b.updatedAt())) {
      return a;
    }
    return b;
  }

  /** Rules by prefix, in prefix order. */
  public SortedMap<String, PullThroughCacheRule> rules() {
    return rules;
  }

  public Map<String, RuleFingerprint> fingerprints() {
    return fingerprints;
  }

  /** SHA-256 (hex) over the rules' canonical encodings in prefix order. */
  public String hash() {
    return hash;
  }

  public int size() {
    return rules.size();
  }

  /** The account id the rules belong to, or null for an empty snapshot. */
  public String registryId() {
    return rules.isEmpty() ? null : rules.get(rules.firstKey()).registryId();
  }
}
