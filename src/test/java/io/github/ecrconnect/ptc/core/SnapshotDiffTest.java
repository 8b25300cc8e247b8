package io.github.ecrconnect.ptc.core;

import static io.github.ecrconnect.ptc.core.Rules.rule;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotDiffTest {
  private final PullThroughCacheRule kept = rule("kept");
  private final PullThroughCacheRule updatedBefore = rule("updated");
  private final PullThroughCacheRule updatedAfter =
      updatedBefore.toBuilder()
          .credentialArn(
              "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/new")
          .updatedAt(Rules.CREATED.plusSeconds(5))
          .build();
  private final PullThroughCacheRule deleted = rule("deleted");
  private final PullThroughCacheRule created = rule("created");

  private final RuleSnapshot first = RuleSnapshot.of(List.of(kept, updatedBefore, deleted));
  private final RuleSnapshot second = RuleSnapshot.of(List.of(created, kept, updatedAfter));

  @Test
  void firstSnapshotReadsEveryRuleInPrefixOrder() {
    assertThat(SnapshotDiff.between(null, first))
        .containsExactly(
            ChangeEvent.read(deleted), ChangeEvent.read(kept), ChangeEvent.read(updatedBefore));
  }

  @Test
  void producesExactlyTheCreatesUpdatesAndDeletes() {
    SnapshotState state = SnapshotState.of(first, null);

    List<ChangeEvent> events = SnapshotDiff.between(state, second);

    assertThat(events)
        .containsExactly(
            ChangeEvent.create(created),
            ChangeEvent.update(updatedBefore, updatedAfter, List.of("credentialArn")),
            ChangeEvent.delete("123456789012", "deleted", deleted));
  }

  @Test
  void unchangedSnapshotProducesNothing() {
    SnapshotState state = SnapshotState.of(first, null);
    RuleSnapshot again = RuleSnapshot.of(List.of(deleted, updatedBefore, kept));
    assertThat(SnapshotDiff.between(state, again)).isEmpty();
  }

  @Test
  void afterARestartUpdatesNameFieldsFromFingerprintsAndDeletesKeepTheKey() {
    SnapshotState live = SnapshotState.of(first, null);
    SnapshotState restored =
        SnapshotState.restored(live.snapshotHash(), live.registryId(), live.fingerprints());

    List<ChangeEvent> events = SnapshotDiff.between(restored, second);

    assertThat(events)
        .containsExactly(
            ChangeEvent.create(created),
            ChangeEvent.update(null, updatedAfter, List.of("credentialArn")),
            ChangeEvent.delete("123456789012", "deleted", null));
  }

  @Test
  void deleteOfEveryRuleKeepsTheRegistryId() {
    SnapshotState state = SnapshotState.of(RuleSnapshot.of(List.of(kept)), null);
    SnapshotState empty = SnapshotState.of(RuleSnapshot.of(List.of()), state.registryId());

    assertThat(SnapshotDiff.between(state, RuleSnapshot.of(List.of())))
        .containsExactly(ChangeEvent.delete("123456789012", "kept", kept));
    assertThat(empty.registryId()).isEqualTo("123456789012");
  }

  @Test
  void anUpdateOfOnlyUpdatedAtIsEmittedWithNoChangedFields() {
    PullThroughCacheRule touched = kept.toBuilder().updatedAt(Rules.CREATED.plusSeconds(9)).build();
    SnapshotState state = SnapshotState.of(RuleSnapshot.of(List.of(kept)), null);
    SnapshotState restored =
        SnapshotState.restored(state.snapshotHash(), state.registryId(), state.fingerprints());

    assertThat(SnapshotDiff.between(state, RuleSnapshot.of(List.of(touched))))
        .containsExactly(ChangeEvent.update(kept, touched, List.of()));
    assertThat(SnapshotDiff.between(restored, RuleSnapshot.of(List.of(touched))))
        .containsExactly(ChangeEvent.update(null, touched, List.of()));
  }

  @Test
  void fingerprintCollisionOnFieldsStillReportsAnUpdate() {
    RuleFingerprint a = new RuleFingerprint(1L, 7, new short[RuleField.values().length]);
    RuleFingerprint b = new RuleFingerprint(2L, 8, new short[RuleField.values().length]);
    assertThat(b.fieldsDifferingFrom(a))
        .hasSize(RuleField.values().length - 1)
        .doesNotContain("updatedAt");
    assertThat(Map.of("x", a)).containsEntry("x", RuleFingerprint.decode(a.encode()));
    RuleFingerprint onlyUpdatedAt =
        new RuleFingerprint(3L, 7, new short[RuleField.values().length]);
    assertThat(onlyUpdatedAt.fieldsDifferingFrom(a)).isEmpty();
  }

  @Test
  void aVersionOneFingerprintDecodesAndListsEveryFieldWhenItCannotTellWhichChanged() {
    RuleFingerprint current = RuleSnapshot.of(List.of(kept)).fingerprints().get("kept");
    String encoded = current.encode();
    assertThat(encoded).hasSize(60);
    String versionOne = encoded.substring(0, 16) + encoded.substring(24);
    RuleFingerprint legacy = RuleFingerprint.decodeVersion1(versionOne);

    assertThat(legacy.sameRuleAs(current)).isTrue();
    assertThat(legacy.encode()).isEqualTo(versionOne);
    RuleFingerprint touched =
        RuleSnapshot.of(List.of(kept.toBuilder().updatedAt(Rules.CREATED.plusSeconds(9)).build()))
            .fingerprints()
            .get("kept");
    assertThat(touched.fieldsDifferingFrom(legacy))
        .as("without the reported-fields hash a collision cannot be ruled out")
        .hasSize(RuleField.values().length - 1);
  }
}
