package io.github.ecrconnect.ptc.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** One poll of one registry: list all pages, snapshot, diff against the last emitted state. */
public final class RegistryPoller {
  private final RuleSource source;
  private final PrefixFilter filter;
  private final boolean emitInitialSnapshot;

  /**
   * @param emitInitialSnapshot whether a registry with no stored state emits every rule as a read
   *     ({@code snapshot.mode=initial}) or records the state silently ({@code no_data}); the same
   *     goes for rules that enter the prefix filter
   */
  public RegistryPoller(RuleSource source, PrefixFilter filter, boolean emitInitialSnapshot) {
    this.source = source;
    this.filter = filter;
    this.emitInitialSnapshot = emitInitialSnapshot;
  }

  /**
   * Polls {@code registry} once.
   *
   * @param previous the last emitted state, or null if there is none
   * @throws RuleListingException if the listing failed; nothing is emitted then
   */
  public PollOutcome poll(Registry registry, SnapshotState previous) throws RuleListingException {
    return pollFor(registry, listedAccount -> previous);
  }

  /**
   * Polls {@code registry} once, diffing against the state {@code storedState} gives for the
   * account id the listing's rules carry (null for an empty listing): a registry read as the
   * caller's own learns its account from the listing.
   *
   * @throws RuleListingException if the listing failed; nothing is emitted then
   */
  public PollOutcome pollFor(Registry registry, Function<String, SnapshotState> storedState)
      throws RuleListingException {
    return diffFor(registry, source.list(registry), storedState);
  }

  /**
   * The outcome of a complete listing of {@code registry} made elsewhere (on the task's listing
   * thread): snapshot and diff only, against the state {@code storedState} gives for the listed
   * account (see {@link #pollFor}).
   */
  public PollOutcome diffFor(
      Registry registry,
      List<PullThroughCacheRule> listed,
      Function<String, SnapshotState> storedState) {
    SnapshotState previous =
        storedState.apply(listed.isEmpty() ? null : listed.get(0).registryId());
    // Rules that left the filter were not deleted: the diff never sees them.
    SnapshotState inScope = previous == null ? null : previous.narrowedTo(filter);
    // A narrowed state has no snapshot hash of its own to share: hash the listing.
    List<PullThroughCacheRule> inFilter = filter.apply(listed);
    RuleSnapshot snapshot =
        inScope != null && inScope == previous
            ? previous.snapshotOf(inFilter)
            : RuleSnapshot.of(inFilter);
    List<ChangeEvent> events =
        previous == null && !emitInitialSnapshot
            ? new ArrayList<>()
            : new ArrayList<>(SnapshotDiff.between(inScope, snapshot));
    if (!emitInitialSnapshot) {
      events.removeIf(event -> event.operation() == Operation.READ); // recorded silently
    }
    SnapshotState state =
        previous == null
            ? SnapshotState.of(snapshot, null, filter)
            : previous.after(snapshot, filter);
    return new PollOutcome(
        registry, snapshot.size(), events, previous, state, mustStore(previous, inScope, snapshot));
  }

  /**
   * Whether the new state must be stored although no event may carry it: not when the stored one
   * leads to the same diffs (an empty registry with no stored state in {@code initial} mode, a
   * narrowed filter); yes for a silent baseline and for rules or scope recorded without events.
   */
  private boolean mustStore(SnapshotState previous, SnapshotState inScope, RuleSnapshot snapshot) {
    if (previous == null) {
      return !emitInitialSnapshot || snapshot.size() > 0;
    }
    boolean scopeWidened = previous.scope() != null && !previous.scope().coversAllOf(filter);
    return scopeWidened || !inScope.sameRulesAs(snapshot);
  }
}
