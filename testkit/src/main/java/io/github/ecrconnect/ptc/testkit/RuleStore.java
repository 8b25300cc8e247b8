package io.github.ecrconnect.ptc.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The rules of every (region, registry id), each registry sorted by prefix: the order pages are
 * served in. One lock guards everything so a page never sees half of a change.
 */
final class RuleStore {
  private record RegistryKey(String region, String registryId) {}

  private final Map<RegistryKey, NavigableMap<String, FakeRule>> registries = new HashMap<>();
  private final Supplier<Instant> clock;

  RuleStore(Supplier<Instant> clock) {
    this.clock = clock;
  }

  synchronized FakeRule put(String region, String registryId, FakeRule rule) {
    NavigableMap<String, FakeRule> rules = registry(region, registryId);
    FakeRule stored = stamped(rules.get(rule.ecrRepositoryPrefix()), owned(registryId, rule));
    rules.put(stored.ecrRepositoryPrefix(), stored);
    return stored;
  }

  synchronized FakeRule putAsIs(String region, String registryId, FakeRule rule) {
    FakeRule stored = owned(registryId, rule);
    registry(region, registryId).put(stored.ecrRepositoryPrefix(), stored);
    return stored;
  }

  synchronized FakeRule update(
      String region, String registryId, String prefix, UnaryOperator<FakeRule> change) {
    NavigableMap<String, FakeRule> rules = registry(region, registryId);
    FakeRule previous = rules.get(prefix);
    if (previous == null) {
      throw new NoSuchElementException(
          "no rule " + prefix + " in registry " + registryId + " of " + region);
    }
    FakeRule changed = owned(registryId, change.apply(previous));
    if (!changed.ecrRepositoryPrefix().equals(prefix)) {
      throw new IllegalArgumentException("an update cannot change the prefix " + prefix);
    }
    FakeRule stored =
        changed
            .withCreatedAt(changed.createdAt() == null ? previous.createdAt() : changed.createdAt())
            .withUpdatedAt(laterThan(previous.updatedAt()));
    rules.put(prefix, stored);
    return stored;
  }

  synchronized boolean delete(String region, String registryId, String prefix) {
    return registry(region, registryId).remove(prefix) != null;
  }

  synchronized List<FakeRule> rules(String region, String registryId) {
    return List.copyOf(registry(region, registryId).values());
  }

  /** Puts every rule (keeping createdAt of those that exist) and deletes all others, at once. */
  synchronized List<FakeRule> replaceAll(
      String region, String registryId, Collection<FakeRule> rules) {
    Set<String> kept = new HashSet<>();
    List<FakeRule> stored = new ArrayList<>();
    for (FakeRule rule : rules) {
      kept.add(rule.ecrRepositoryPrefix());
      stored.add(put(region, registryId, rule));
    }
    registry(region, registryId).keySet().retainAll(kept);
    return stored;
  }

  synchronized void clear() {
    registries.clear();
  }

  /** Up to {@code limit} rules from position {@code offset}; {@code more} if rules follow. */
  synchronized Slice slice(String region, String registryId, int offset, int limit) {
    List<FakeRule> all = new ArrayList<>(registry(region, registryId).values());
    int from = Math.min(offset, all.size());
    int to = Math.min(all.size(), from + limit);
    return new Slice(List.copyOf(all.subList(from, to)), to < all.size());
  }

  record Slice(List<FakeRule> rules, boolean more) {}

  /** The rules that exist among {@code prefixes}, by prefix, in prefix order. */
  synchronized NavigableMap<String, FakeRule> find(
      String region, String registryId, Collection<String> prefixes) {
    NavigableMap<String, FakeRule> rules = registry(region, registryId);
    NavigableMap<String, FakeRule> found = new TreeMap<>();
    for (String prefix : prefixes) {
      FakeRule rule = rules.get(prefix);
      if (rule != null) {
        found.put(prefix, rule);
      }
    }
    return found;
  }

  private NavigableMap<String, FakeRule> registry(String region, String registryId) {
    return registries.computeIfAbsent(new RegistryKey(region, registryId), key -> new TreeMap<>());
  }

  /** The rule with the registry's id; a different id in the rule is a mistake in the test. */
  private static FakeRule owned(String registryId, FakeRule rule) {
    if (rule.registryId() != null && !rule.registryId().equals(registryId)) {
      throw new IllegalArgumentException(
          "rule "
              + rule.ecrRepositoryPrefix()
              + " names registry "
              + rule.registryId()
              + " but is stored in "
              + registryId);
    }
    return rule.withRegistryId(registryId);
  }

  /** Fills missing timestamps: a new rule is created now, a replaced one keeps its createdAt. */
  private FakeRule stamped(FakeRule previous, FakeRule rule) {
    Instant createdAt = rule.createdAt();
    if (createdAt == null) {
      createdAt = previous == null ? clock.get() : previous.createdAt();
    }
    Instant updatedAt = rule.updatedAt();
    if (updatedAt == null) {
      updatedAt = previous == null ? createdAt : laterThan(previous.updatedAt());
    }
    return rule.withCreatedAt(createdAt).withUpdatedAt(updatedAt);
  }

  /** Now, or a millisecond after {@code previous} if the clock has not moved past it. */
  private Instant laterThan(Instant previous) {
    Instant now = clock.get();
    return previous == null || now.toEpochMilli() > previous.toEpochMilli()
        ? now
        : previous.plusMillis(1);
  }
}
