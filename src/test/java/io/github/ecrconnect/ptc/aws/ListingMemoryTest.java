package io.github.ecrconnect.ptc.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.core.PullThroughCacheRule;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import io.github.ecrconnect.ptc.testkit.FakeRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A listing's rules share one copy of the values they have in common: state is kept per rule. */
class ListingMemoryTest {
  private static final String REGION = "us-east-1";
  private static final String ACCOUNT = "123456789012";

  @Test
  void rulesOfAListingShareEqualValuesAndNeverUpdatedRulesOneTimestamp() throws Exception {
    try (FakeEcrServer ecr = FakeEcrServer.start()) {
      for (int i = 0; i < 5; i++) {
        ecr.put(
            REGION,
            ACCOUNT,
            FakeRule.of("hub-" + i, "registry-1.docker.io", "docker-hub")
                .withUpstreamRepositoryPrefix("library")
                .withCredentialArn(
                    "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/hub-"
                        + i));
      }
      ecr.put(REGION, ACCOUNT, FakeRule.of("quay", "quay.io", "quay"));
      ecr.update(REGION, ACCOUNT, "hub-4", r -> r.withCredentialArn(r.credentialArn() + "-2"));

      List<PullThroughCacheRule> rules;
      try (EcrRuleSource source =
          new EcrRuleSource(
              AwsSettings.builder()
                  .ecrEndpoint(ecr.endpoint())
                  .staticCredentials("AKIDMEMORY", "secret", null)
                  .maxResults(2)
                  .build())) {
        rules = source.list(Registry.of(ACCOUNT, REGION));
      }

      assertThat(rules).hasSize(6);
      PullThroughCacheRule first = rules.get(0);
      for (PullThroughCacheRule rule : rules.subList(1, 5)) {
        assertThat(rule.registryId()).isSameAs(first.registryId());
        assertThat(rule.upstreamRegistryUrl()).isSameAs(first.upstreamRegistryUrl());
        assertThat(rule.upstreamRegistry()).isSameAs(first.upstreamRegistry());
        assertThat(rule.upstreamRepositoryPrefix()).isSameAs(first.upstreamRepositoryPrefix());
      }
      PullThroughCacheRule quay = rules.get(5);
      assertThat(quay.upstreamRegistryUrl()).isEqualTo("quay.io");
      assertThat(quay.upstreamRegistry()).isEqualTo("quay");
      assertThat(quay.registryId()).isSameAs(first.registryId());

      assertThat(first.updatedAt()).isSameAs(first.createdAt());
      PullThroughCacheRule updated = rules.get(4);
      assertThat(updated.ecrRepositoryPrefix()).isEqualTo("hub-4");
      assertThat(updated.updatedAt()).isAfter(updated.createdAt());
    }
  }
}
