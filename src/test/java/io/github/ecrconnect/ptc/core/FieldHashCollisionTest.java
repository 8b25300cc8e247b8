package io.github.ecrconnect.ptc.core;

import static io.github.ecrconnect.ptc.core.Rules.rule;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** After a restart 16-bit field hashes name the changed fields; a collision must not hide one. */
class FieldHashCollisionTest {
  private static final int CREDENTIAL_ARN = RuleField.CREDENTIAL_ARN.ordinal();

  @Test
  void anUpdateWhoseFieldHashesCollideStillNamesTheChangedField() {
    PullThroughCacheRule[] pair = twoRulesWhoseCredentialArnHashesCollide();
    PullThroughCacheRule before = pair[0];
    PullThroughCacheRule after =
        pair[1].toBuilder().updatedAt(Rules.CREATED.plusSeconds(60)).build();
    SnapshotState live = SnapshotState.of(RuleSnapshot.of(List.of(before)), null);
    SnapshotState restored =
        SnapshotState.restored(live.snapshotHash(), live.registryId(), live.fingerprints());

    List<ChangeEvent> events = SnapshotDiff.between(restored, RuleSnapshot.of(List.of(after)));

    assertThat(events)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.operation()).isEqualTo(Operation.UPDATE);
              assertThat(event.changedFields()).contains("credentialArn");
            });
  }

  /** Brute force: a few hundred values find a 16-bit collision (birthday bound). */
  private static PullThroughCacheRule[] twoRulesWhoseCredentialArnHashesCollide() {
    RuleHasher hasher = new RuleHasher();
    Map<String, PullThroughCacheRule> byFieldHash = new HashMap<>();
    for (int i = 0; i < 1_000_000; i++) {
      PullThroughCacheRule candidate =
          rule("hub").toBuilder().credentialArn("arn:aws:secretsmanager:secret:ptc-" + i).build();
      String encoded = hasher.fingerprint(candidate).encode();
      String fieldHash = encoded.substring(16 + 4 * CREDENTIAL_ARN, 20 + 4 * CREDENTIAL_ARN);
      PullThroughCacheRule earlier = byFieldHash.putIfAbsent(fieldHash, candidate);
      if (earlier != null) {
        return new PullThroughCacheRule[] {earlier, candidate};
      }
    }
    throw new AssertionError("no collision found");
  }
}
