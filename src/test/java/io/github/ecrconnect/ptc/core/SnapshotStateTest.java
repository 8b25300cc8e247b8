package io.github.ecrconnect.ptc.core;

import static io.github.ecrconnect.ptc.core.Rules.rule;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The last emitted state's own decisions: same rules, and the state after a snapshot. */
class SnapshotStateTest {
  private final List<PullThroughCacheRule> listing = List.of(rule("a"), rule("b"));
  private final SnapshotState emitted =
      SnapshotState.of(RuleSnapshot.of(listing), null, PrefixFilter.allowAll());

  @Test
  void anUnchangedListingKeepsTheStateInMemory() {
    RuleSnapshot again = emitted.snapshotOf(List.of(rule("b"), rule("a")));

    assertThat(emitted.sameRulesAs(again)).isTrue();
    assertThat(emitted.after(again, PrefixFilter.allowAll())).isSameAs(emitted);
  }

  @Test
  void aChangedListingOrScopeMakesANewState() {
    RuleSnapshot changed = emitted.snapshotOf(List.of(rule("a")));
    PrefixFilter onlyA = PrefixFilter.of(List.of("a"));

    assertThat(emitted.sameRulesAs(changed)).isFalse();
    assertThat(emitted.after(changed, PrefixFilter.allowAll()).size()).isEqualTo(1);
    assertThat(emitted.after(emitted.snapshotOf(listing), onlyA).scope()).isEqualTo(onlyA);
  }

  @Test
  void aRestoredStateIsReplacedByOneWithRuleBodies() {
    SnapshotState restored =
        SnapshotState.restored(
            emitted.snapshotHash(),
            emitted.registryId(),
            emitted.fingerprints(),
            PrefixFilter.allowAll());
    RuleSnapshot same = restored.snapshotOf(listing);

    assertThat(restored.sameRulesAs(same)).isTrue();
    SnapshotState after = restored.after(same, PrefixFilter.allowAll());
    assertThat(after).isNotSameAs(restored).isEqualTo(restored);
    assertThat(after.rule("a")).isEqualTo(rule("a"));
  }

  @Test
  void aNarrowedStateHasTheSameRulesAsTheListingOfItsScope() {
    PrefixFilter onlyA = PrefixFilter.of(List.of("a"));
    SnapshotState narrowed = emitted.narrowedTo(onlyA);

    assertThat(narrowed.snapshotHash()).isNotEqualTo(RuleSnapshot.of(List.of(rule("a"))).hash());
    assertThat(narrowed.sameRulesAs(RuleSnapshot.of(List.of(rule("a"))))).isTrue();
  }
}
