package io.github.ecrconnect.ptc.core;

import static io.github.ecrconnect.ptc.core.Rules.rule;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RuleSnapshotTest {

  @Test
  void hashDoesNotDependOnListingOrder() {
    List<PullThroughCacheRule> rules = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      rules.add(rule("prefix-" + i));
    }
    String hash = RuleSnapshot.of(rules).hash();
    for (long seed = 0; seed < 5; seed++) {
      List<PullThroughCacheRule> shuffled = new ArrayList<>(rules);
      Collections.shuffle(shuffled, new Random(seed));
      assertThat(RuleSnapshot.of(shuffled).hash()).isEqualTo(hash);
    }
    assertThat(hash).matches("[0-9a-f]{64}");
  }

  @ParameterizedTest
  @EnumSource(RuleField.class)
  void hashChangesWithEveryField(RuleField field) {
    PullThroughCacheRule original = rule("team-a");
    PullThroughCacheRule changed = change(original, field).apply(original.toBuilder()).build();
    assertThat(field.valueOf(changed)).isNotEqualTo(field.valueOf(original));

    RuleSnapshot before = RuleSnapshot.of(List.of(original, rule("team-b")));
    RuleSnapshot after = RuleSnapshot.of(List.of(changed, rule("team-b")));

    assertThat(after.hash()).isNotEqualTo(before.hash());
    RuleFingerprint oldPrint = before.fingerprints().get("team-a");
    RuleFingerprint newPrint = after.fingerprints().get(changed.ecrRepositoryPrefix());
    if (field != RuleField.ECR_REPOSITORY_PREFIX) {
      assertThat(newPrint.sameRuleAs(oldPrint)).isFalse();
      if (field.isReportedAsChanged()) {
        assertThat(newPrint.fieldsDifferingFrom(oldPrint)).containsExactly(field.fieldName());
      } else {
        assertThat(newPrint.fieldsDifferingFrom(oldPrint)).isEmpty();
      }
    }
  }

  @Test
  void nullAndEmptyValuesHashDifferently() {
    PullThroughCacheRule withNull = rule("p").toBuilder().credentialArn(null).build();
    PullThroughCacheRule withEmpty = rule("p").toBuilder().credentialArn("").build();
    assertThat(RuleSnapshot.of(List.of(withNull)).hash())
        .isNotEqualTo(RuleSnapshot.of(List.of(withEmpty)).hash());
  }

  @Test
  void valuesCannotShiftAcrossFieldBoundaries() {
    PullThroughCacheRule a =
        rule("p").toBuilder().upstreamRegistryUrl("ab").upstreamRegistry("c").build();
    PullThroughCacheRule b =
        rule("p").toBuilder().upstreamRegistryUrl("a").upstreamRegistry("bc").build();
    assertThat(RuleSnapshot.of(List.of(a)).hash()).isNotEqualTo(RuleSnapshot.of(List.of(b)).hash());
  }

  @Test
  void duplicatePrefixKeepsTheLaterUpdate() {
    PullThroughCacheRule older = rule("dup");
    PullThroughCacheRule newer =
        rule("dup").toBuilder()
            .credentialArn("arn:new")
            .updatedAt(Rules.CREATED.plusSeconds(60))
            .build();

    assertThat(RuleSnapshot.of(List.of(older, newer)).rules().get("dup")).isEqualTo(newer);
    assertThat(RuleSnapshot.of(List.of(newer, older)).rules().get("dup")).isEqualTo(newer);
    assertThat(RuleSnapshot.of(List.of(older, older)).size()).isEqualTo(1);
  }

  @Test
  void timestampsAreKeptToTheMillisecond() {
    PullThroughCacheRule nanos =
        rule("p").toBuilder().createdAt(Instant.parse("2025-01-01T00:00:00.123456789Z")).build();
    assertThat(nanos.createdAt()).isEqualTo(Instant.parse("2025-01-01T00:00:00.123Z"));
  }

  @Test
  void emptySnapshotHasAStableHash() {
    assertThat(RuleSnapshot.of(List.of()).hash())
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  private static UnaryOperator<PullThroughCacheRule.Builder> change(
      PullThroughCacheRule rule, RuleField field) {
    switch (field) {
      case REGISTRY_ID:
        return b -> b.registryId("210987654321");
      case ECR_REPOSITORY_PREFIX:
        return b -> b.ecrRepositoryPrefix("team-z");
      case UPSTREAM_REGISTRY_URL:
        return b -> b.upstreamRegistryUrl("quay.io");
      case UPSTREAM_REGISTRY:
        return b -> b.upstreamRegistry("quay");
      case UPSTREAM_REPOSITORY_PREFIX:
        return b -> b.upstreamRepositoryPrefix("other");
      case CREDENTIAL_ARN:
        return b -> b.credentialArn(rule.credentialArn() + "-2");
      case CUSTOM_ROLE_ARN:
        return b -> b.customRoleArn(null);
      case CREATED_AT:
        return b -> b.createdAt(rule.createdAt().plusMillis(1));
      case UPDATED_AT:
        return b -> b.updatedAt(rule.updatedAt().plusMillis(1));
      default:
        throw new AssertionError(field);
    }
  }
}
