package io.github.ecrconnect.ptc.core;

import static io.github.ecrconnect.ptc.core.Rules.rule;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The quiet-poll fast path: a listing equal to the last emitted rules reuses their hashes instead
 * of hashing again, and must give exactly the snapshot a full hash gives.
 */
class UnchangedSnapshotTest {
  private final List<PullThroughCacheRule> rules = new ArrayList<>();

  UnchangedSnapshotTest() {
    for (int i = 0; i < 20; i++) {
      rules.add(rule(String.format("prefix-%02d", i)));
    }
  }

  private SnapshotState emitted() {
    return SnapshotState.of(RuleSnapshot.of(rules), null);
  }

  /** Equal rules as new objects, as the next listing brings them. */
  private List<PullThroughCacheRule> relisted() {
    List<PullThroughCacheRule> copies = new ArrayList<>();
    rules.forEach(rule -> copies.add(rule.toBuilder().build()));
    return copies;
  }

  @Test
  void anUnchangedListingReusesTheEmittedHashesAndRules() {
    SnapshotState previous = emitted();

    RuleSnapshot again = previous.snapshotOf(relisted());

    assertThat(again.hash()).isEqualTo(previous.snapshotHash());
    assertThat(again.hash()).isEqualTo(RuleSnapshot.of(relisted()).hash());
    assertThat(again.fingerprints()).isEqualTo(previous.fingerprints());
    assertThat(again.rules().get("prefix-03")).isSameAs(previous.rule("prefix-03"));
  }

  @Test
  void listingOrderDoesNotMatter() {
    SnapshotState previous = emitted();
    List<PullThroughCacheRule> shuffled = relisted();
    Collections.shuffle(shuffled, new Random(7));

    assertThat(previous.snapshotOf(shuffled).hash()).isEqualTo(previous.snapshotHash());
  }

  @ParameterizedTest
  @EnumSource(RuleField.class)
  void aChangeInAnyFieldIsHashedAfresh(RuleField field) {
    SnapshotState previous = emitted();
    List<PullThroughCacheRule> listing = relisted();
    PullThroughCacheRule original = listing.get(5);
    PullThroughCacheRule changed = changed(original, field);
    assertThat(changed).isNotEqualTo(original);
    listing.set(5, changed);

    RuleSnapshot snapshot = previous.snapshotOf(listing);

    assertThat(snapshot.hash())
        .isNotEqualTo(previous.snapshotHash())
        .isEqualTo(RuleSnapshot.of(listing).hash());
    assertThat(SnapshotDiff.between(previous, snapshot))
        .hasSize(field == RuleField.ECR_REPOSITORY_PREFIX ? 2 : 1);
  }

  @Test
  void aRuleReplacedByADuplicateOfAnotherIsNotMistakenForNoChange() {
    SnapshotState previous = emitted();
    List<PullThroughCacheRule> listing = relisted();
    listing.set(5, listing.get(4));

    RuleSnapshot snapshot = previous.snapshotOf(listing);

    assertThat(snapshot.size()).isEqualTo(rules.size() - 1);
    assertThat(SnapshotDiff.between(previous, snapshot))
        .extracting(ChangeEvent::operation)
        .containsExactly(Operation.DELETE);
  }

  @Test
  void addedAndRemovedRulesAreSeen() {
    SnapshotState previous = emitted();
    List<PullThroughCacheRule> more = relisted();
    more.add(rule("prefix-99"));
    List<PullThroughCacheRule> fewer = relisted();
    fewer.remove(0);

    assertThat(SnapshotDiff.between(previous, previous.snapshotOf(more)))
        .containsExactly(ChangeEvent.create(rule("prefix-99")));
    assertThat(SnapshotDiff.between(previous, previous.snapshotOf(fewer)))
        .extracting(ChangeEvent::operation)
        .containsExactly(Operation.DELETE);
  }

  @Test
  void aRestoredStateWithoutRuleBodiesIsHashedInFull() {
    SnapshotState live = emitted();
    SnapshotState restored =
        SnapshotState.restored(live.snapshotHash(), live.registryId(), live.fingerprints());

    RuleSnapshot snapshot = restored.snapshotOf(relisted());

    assertThat(snapshot.hash()).isEqualTo(live.snapshotHash());
    assertThat(snapshot.rules().get("prefix-03"))
        .isEqualTo(rules.get(3))
        .isNotSameAs(live.rule("prefix-03"));
  }

  @Test
  void anEmptyRegistryStaysEmpty() {
    SnapshotState empty = SnapshotState.of(RuleSnapshot.of(List.of()), "123456789012");
    assertThat(empty.snapshotOf(List.of()).hash()).isEqualTo(empty.snapshotHash());
  }

  @ParameterizedTest
  @EnumSource(RuleField.class)
  void rulesAreEqualOnlyWhenEveryFieldIs(RuleField field) {
    PullThroughCacheRule rule = rule("p");
    PullThroughCacheRule copy = rule.toBuilder().build();
    PullThroughCacheRule other = changed(rule, field);

    assertThat(copy).isEqualTo(rule).hasSameHashCodeAs(rule);
    assertThat(other).isNotEqualTo(rule);
    assertThat(rule).isNotEqualTo(other);
  }

  private static PullThroughCacheRule changed(PullThroughCacheRule rule, RuleField field) {
    PullThroughCacheRule.Builder b = rule.toBuilder();
    switch (field) {
      case REGISTRY_ID:
        return b.registryId(null).build();
      case ECR_REPOSITORY_PREFIX:
        return b.ecrRepositoryPrefix(rule.ecrRepositoryPrefix() + "-x").build();
      case UPSTREAM_REGISTRY_URL:
        return b.upstreamRegistryUrl("quay.io").build();
      case UPSTREAM_REGISTRY:
        return b.upstreamRegistry("quay").build();
      case UPSTREAM_REPOSITORY_PREFIX:
        return b.upstreamRepositoryPrefix(null).build();
      case CREDENTIAL_ARN:
        return b.credentialArn(rule.credentialArn() + "-2").build();
      case CUSTOM_ROLE_ARN:
        return b.customRoleArn(null).build();
      case CREATED_AT:
        return b.createdAt(rule.createdAt().plusMillis(1)).build();
      case UPDATED_AT:
        return b.updatedAt(rule.updatedAt().plusMillis(1)).build();
      default:
        throw new AssertionError(field);
    }
  }
}
