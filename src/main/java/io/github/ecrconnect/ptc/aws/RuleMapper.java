package io.github.ecrconnect.ptc.aws;

import io.github.ecrconnect.ptc.core.PullThroughCacheRule;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RuleListingException;
import java.time.Instant;

/**
 * SDK rule to core rule, keeping {@code upstreamRegistry} as the raw string the API sent. One
 * mapper maps one listing: a value equal to the previous rule's (the account id, usually the
 * upstream) reuses that rule's String, and a rule never updated shares one Instant for both
 * timestamps, so the state a task keeps holds one copy of what rules share.
 */
final class RuleMapper {
  private final Registry registry;
  private PullThroughCacheRule previous;

  RuleMapper(Registry registry) {
    this.registry = registry;
  }

  PullThroughCacheRule toCore(software.amazon.awssdk.services.ecr.model.PullThroughCacheRule rule)
      throws RuleListingException {
    if (rule.ecrRepositoryPrefix() == null) {
      // The API always sends the prefix; a rule without one is a broken response, not a rule.
      throw RuleListingException.retriable(
          "ECR returned a rule without ecrRepositoryPrefix for " + registry, null);
    }
    PullThroughCacheRule last = previous;
    Instant createdAt = rule.createdAt();
    Instant updatedAt = rule.updatedAt();
    previous =
        PullThroughCacheRule.builder()
            .registryId(reuse(rule.registryId(), last == null ? null : last.registryId()))
            .ecrRepositoryPrefix(rule.ecrRepositoryPrefix())
            .upstreamRegistryUrl(
                reuse(rule.upstreamRegistryUrl(), last == null ? null : last.upstreamRegistryUrl()))
            .upstreamRegistry(
                reuse(rule.upstreamRegistryAsString(), last == null ? null : last.upstreamRegistry()))
            .upstreamRepositoryPrefix(
                reuse(
                    rule.upstreamRepositoryPrefix(),
                    last == null ? null : last.upstreamRepositoryPrefix()))
            .credentialArn(rule.credentialArn())
            .customRoleArn(reuse(rule.customRoleArn(), last == null ? null : last.customRoleArn()))
            .createdAt(createdAt)
            .updatedAt(updatedAt != null && updatedAt.equals(createdAt) ? createdAt : updatedAt)
            .build();
    return previous;
  }

  private static <T> T reuse(T value, T earlier) {
    return value != null && value.equals(earlier) ? earlier : value;
  }
}
