package io.github.ecrconnect.ptc.aws;

import io.github.ecrconnect.ptc.core.PullThroughCacheRule;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RuleListingException;
import java.time.Instant;
import java.util.function.Function;

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
    Instant createdAt = rule.createdAt();
    Instant updatedAt = rule.updatedAt();
    previous =
        PullThroughCacheRule.builder()
            .registryId(reuse(rule.registryId(), PullThroughCacheRule::registryId))
            .ecrRepositoryPrefix(rule.ecrRepositoryPrefix())
            .upstreamRegistryUrl(
                reuse(rule.upstreamRegistryUrl(), PullThroughCacheRule::upstreamRegistryUrl))
            .upstreamRegistry(
                reuse(rule.upstreamRegistryAsString(), PullThroughCacheRule::upstreamRegistry))
            .upstreamRepositoryPrefix(
                reuse(
                    rule.upstreamRepositoryPrefix(),
                    PullThroughCacheRule::upstreamRepositoryPrefix))
            .credentialArn(rule.credentialArn())
            .customRoleArn(reuse(rule.customRoleArn(), PullThroughCacheRule::customRoleArn))
            .createdAt(createdAt)
            .updatedAt(updatedAt != null && updatedAt.equals(createdAt) ? createdAt : updatedAt)
            .build();
    return previous;
  }

  /** The previous rule's copy of {@code value} if equal, so the listing keeps one copy of it. */
  private String reuse(String value, Function<PullThroughCacheRule, String> field) {
    String earlier = previous == null ? null : field.apply(previous);
    return value != null && value.equals(earlier) ? earlier : value;
  }
}
