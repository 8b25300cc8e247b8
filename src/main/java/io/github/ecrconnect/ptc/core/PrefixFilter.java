package io.github.ecrconnect.ptc.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps the rules whose prefix is one of the configured ones (all rules when none are). Applied to
 * the full listing rather than passed to the API, where one missing prefix fails the whole call.
 */
public final class PrefixFilter {
  private final Set<String> prefixes;

  private PrefixFilter(Set<String> prefixes) {
    this.prefixes = prefixes;
  }

  public static PrefixFilter allowAll() {
    return new PrefixFilter(Set.of());
  }

  public static PrefixFilter of(Collection<String> prefixes) {
    return new PrefixFilter(new TreeSet<>(prefixes));
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
}
