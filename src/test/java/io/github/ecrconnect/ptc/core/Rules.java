package io.github.ecrconnect.ptc.core;

import java.time.Instant;

/** Test rules with every field set. */
final class Rules {
  static final Instant CREATED = Instant.parse("2025-01-02T03:04:05.678Z");

  private Rules() {}

  static PullThroughCacheRule rule(String prefix) {
    return PullThroughCacheRule.builder()
        .registryId("123456789012")
        .ecrRepositoryPrefix(prefix)
        .upstreamRegistryUrl("registry-1.docker.io")
        .upstreamRegistry("docker-hub")
        .upstreamRepositoryPrefix("library")
        .credentialArn(
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/" + prefix)
        .customRoleArn("arn:aws:iam::123456789012:role/ptc")
        .createdAt(CREATED)
        .updatedAt(CREATED)
        .build();
  }
}
