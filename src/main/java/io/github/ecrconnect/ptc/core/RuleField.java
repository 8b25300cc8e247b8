package io.github.ecrconnect.ptc.core;

import java.util.function.Function;

/**
 * The fields of a rule, in their canonical order. The one place that names them: equality, hashing,
 * change detection and the record schema all iterate this enum.
 */
public enum RuleField {
  REGISTRY_ID("registryId", false, false, PullThroughCacheRule::registryId),
  ECR_REPOSITORY_PREFIX(
      "ecrRepositoryPrefix", true, false, PullThroughCacheRule::ecrRepositoryPrefix),
  UPSTREAM_REGISTRY_URL(
      "upstreamRegistryUrl", false, false, PullThroughCacheRule::upstreamRegistryUrl),
  UPSTREAM_REGISTRY("upstreamRegistry", false, false, PullThroughCacheRule::upstreamRegistry),
  UPSTREAM_REPOSITORY_PREFIX(
      "upstreamRepositoryPrefix", false, false, PullThroughCacheRule::upstreamRepositoryPrefix),
  CREDENTIAL_ARN("credentialArn", false, false, PullThroughCacheRule::credentialArn),
  CUSTOM_ROLE_ARN("customRoleArn", false, false, PullThroughCacheRule::customRoleArn),
  CREATED_AT("createdAt", false, true, PullThroughCacheRule::createdAt),
  UPDATED_AT("updatedAt", false, true, PullThroughCacheRule::updatedAt);

  /** {@link #values()} without the copy each call makes; never modified. */
  static final RuleField[] ALL = values();

  private final String fieldName;
  private final boolean required;
  private final boolean timestamp;
  private final Function<PullThroughCacheRule, Object> accessor;

  RuleField(
      String fieldName,
      boolean required,
      boolean timestamp,
      Function<PullThroughCacheRule, Object> accessor) {
    this.fieldName = fieldName;
    this.required = required;
    this.timestamp = timestamp;
    this.accessor = accessor;
  }

  /** Whether every rule has a value (only the prefix, which identifies the rule). */
  public boolean isRequired() {
    return required;
  }

  /**
   * Whether a difference in this field is listed in {@code changedFields}. Not for {@code
   * updatedAt}: it changes with every update, so naming it would tell consumers nothing.
   */
  public boolean isReportedAsChanged() {
    return this != UPDATED_AT;
  }

  /** Whether the value is an {@link java.time.Instant}; otherwise it is a String. */
  public boolean isTimestamp() {
    return timestamp;
  }

  /** The field's name as the API and the record schema spell it. */
  public String fieldName() {
    return fieldName;
  }

  public Object valueOf(PullThroughCacheRule rule) {
    return accessor.apply(rule);
  }
}
