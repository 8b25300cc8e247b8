package io.github.ecrconnect.ptc.core;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
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

  private RuleSnapshot(
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

  /**
   * Builds the snapshot of a listing like {@link #of(Collection)}, but when the listing holds
   * exactly the rules of {@code previous} (the steady state: nothing changed) it hashes nothing and
   * returns a snapshot that shares {@code previous}'s rules, fingerprints and hash. Equal rules hash
   * equally, so the result is the same as {@code of(listed)}, at the cost of one {@code equals} per
   * rule instead of one SHA-256. A state restored from an offset (no rule bodies) is always
   * rehashed.
   */
  public static RuleSnapshot of(Collection<PullThroughCacheRule> listed, SnapshotState previous) {
    if (previous != null && previous.hasRuleBodies() && previous.size() == listed.size()) {
      PullThroughCacheRule[] sorted = listed.toArray(new PullThroughCacheRule[0]);
      sortByPrefix(sorted);
      int i = 0;
      for (PullThroughCacheRule known : previous.ruleBodies().values()) {
        if (!known.equals(sorted[i++])) {
          return of(listed);
        }
      }
      return new RuleSnapshot(previous.ruleBodies(), previous.fingerprints(), previous.snapshotHash());
    }
    return of(listed);
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
