package io.github.ecrconnect.ptc.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Keeps the rules whose prefix is one of the configured ones (all rules when none are). Applied to
 * the full listing rather than passed to the API, where one missing prefix fails the whole call. A
 * registry's state remembers the filter it was taken under: a rule that leaves or enters the filter
 * is a change of scope, not of the rule.
 */
public final class PrefixFilter {
  private final SortedSet<String> prefixes;

  private PrefixFilter(SortedSet<String> prefixes) {
    this.prefixes = Collections.unmodifiableSortedSet(prefixes);
  }

  public static PrefixFilter allowAll() {
    return new PrefixFilter(new TreeSet<>());
  }

  /** Only these prefixes; none means all. */
  public static PrefixFilter of(Collection<String> prefixes) {
    return new PrefixFilter(new TreeSet<>(prefixes));
  }

  /** The configured prefixes in order; empty when every rule passes. */
  public SortedSet<String> prefixes() {
    return prefixes;
  }

  /** Whether a rule with this prefix passes. */
  public boolean covers(String prefix) {
    return prefixes.isEmpty() || prefixes.contains(prefix);
  }

  /** Whether every rule that passes {@code other} passes this filter too. */
  public boolean coversAllOf(PrefixFilter other) {
    if (prefixes.isEmpty()) {
      return true;
    }
    return !other.prefixes.isEmpty() && prefixes.containsAll(other.prefixes);
  }

  public List<PullThroughCacheRule> apply(List<PullThroughCacheRule> rules) {
    if (prefixes.isEmpty()) {
      return rules;
    }
    List<PullThroughCacheRule> kept = new ArrayList<>();
    for (PullThroughCacheRule rule : rules) {
      if (prefixes.contains(rule.ecrRepositoryPrefix())) {
        kept.add(rule);
      }
    }
    return kept;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PrefixFilter && prefixes.equals(((PrefixFilter) o).prefixes);
  }

  @Override
  public int hashCode() {
    return prefixes.hashCode();
  }

  @Override
  public String toString() {
    return prefixes.isEmpty() ? "all prefixes" : "prefixes " + prefixes;
  }
}
