package io.github.ecrconnect.ptc.aws;

import io.github.ecrconnect.ptc.core.PullThroughCacheRule;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RuleListingException;

/** SDK rule to core rule, keeping {@code upstreamRegistry} as the raw string the API sent. */
final class RuleMapper {
  private RuleMapper() {}

  static PullThroughCacheRule toCore(
      Registry registry, software.amazon.awssdk.services.ecr.model.PullThroughCacheRule rule)
      throws RuleListingException {
    if (rule.ecrRepositoryPrefix() == null) {
      // The API always sends the prefix; a rule without one is a broken response, not a rule.
      throw RuleListingException.retriable(
          "ECR returned a rule without ecrRepositoryPrefix for " + registry, null);
    }
    return PullThroughCacheRule.builder()
        .registryId(rule.registryId())
        .ecrRepositoryPrefix(rule.ecrRepositoryPrefix())
        .upstreamRegistryUrl(rule.upstreamRegistryUrl())
        .upstreamRegistry(rule.upstreamRegistryAsString())
        .upstreamRepositoryPrefix(rule.upstreamRepositoryPrefix())
        .credentialArn(rule.credentialArn())
        .customRoleArn(rule.customRoleArn())
        .createdAt(rule.createdAt())
        .updatedAt(rule.updatedAt())
        .build();
  }
}
