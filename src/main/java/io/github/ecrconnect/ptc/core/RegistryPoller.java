package io.github.ecrconnect.ptc.core;

import java.util.Collections;
import java.util.List;

/** One poll of one registry: list all pages, snapshot, diff against the last emitted state. */
public final class RegistryPoller {
  private final RuleSource source;
  private final PrefixFilter filter;
  private final boolean emitInitialSnapshot;

  /**
   * @param emitInitialSnapshot whether a registry with no stored state emits every rule as a read
   *     ({@code snapshot.mode=initial}) or records the state silently ({@code no_data})
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
    return diff(registry, source.list(registry), previous);
  }

  /**
   * The outcome of a complete listing of {@code registry} made elsewhere (on the task's listing
   * thread): snapshot and diff only.
   *
   * @param previous the last emitted state, or null if there is none
   */
  public PollOutcome diff(
      Registry registry, List<PullThroughCacheRule> listing, SnapshotState previous) {
    RuleSnapshot snapshot = RuleSnapshot.of(filter.apply(listing), previous);
    List<ChangeEvent> events =
        previous == null && !emitInitialSnapshot
            ? Collections.emptyList()
            : SnapshotDiff.between(previous, snapshot);
    boolean changed = previous == null || !previous.snapshotHash().equals(snapshot.hash());
    SnapshotState state = previous;
    if (changed || !previous.hasRuleBodies()) {
      // Also adopt an unchanged snapshot when the state was restored from an offset (hashes
      // only), so that later updates and deletes can carry the rule's old body as before.
      state = SnapshotState.of(snapshot, previous == null ? null : previous.registryId());
    }
    return new PollOutcome(registry, snapshot.size(), events, state, changed);
  }
}
