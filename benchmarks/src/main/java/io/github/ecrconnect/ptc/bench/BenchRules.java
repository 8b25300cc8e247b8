package io.github.ecrconnect.ptc.bench;

import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import io.github.ecrconnect.ptc.testkit.FakeRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Rules as a real registry holds them: every field the API returns set, a credential ARN per rule,
 * so sizes (bytes on the wire, in Kafka and on the heap) are not flattered by short test values.
 */
public final class BenchRules {
  private BenchRules() {}

  public static FakeRule rule(String registryId, int index) {
    String prefix = String.format("team-%05d", index);
    return FakeRule.builder()
        .ecrRepositoryPrefix(prefix)
        .upstreamRegistryUrl("registry-1.docker.io")
        .upstreamRegistry("docker-hub")
        .upstreamRepositoryPrefix("library")
        .credentialArn(
            "arn:aws:secretsmanager:us-east-1:"
                + registryId
                + ":secret:ecr-pullthroughcache/"
                + prefix)
        .build();
  }

  /** Makes the registry hold exactly {@code count} such rules. */
  public static void fill(FakeEcrServer ecr, String region, String registryId, int count) {
    List<FakeRule> rules = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      rules.add(rule(registryId, i));
    }
    ecr.replaceAll(region, registryId, rules);
  }
}
