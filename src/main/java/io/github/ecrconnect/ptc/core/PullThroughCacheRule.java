package io.github.ecrconnect.ptc.core;

import java.time.Instant;
import java.util.Objects;

/**
 * One pull-through cache rule as ECR describes it. Immutable; every field but the prefix may be
 * null. {@code upstreamRegistry} is the raw string from the API: AWS adds upstream kinds over time.
 */
public final class PullThroughCacheRule {
  private final String registryId;
  private final String ecrRepositoryPrefix;
  private final String upstreamRegistryUrl;
  private final String upstreamRegistry;
  private final String upstreamRepositoryPrefix;
  private final String credentialArn;
  private final String customRoleArn;
  private final Instant createdAt;
  private final Instant updatedAt;

  private PullThroughCacheRule(Builder builder) {
    this.registryId = builder.registryId;
    this.ecrRepositoryPrefix =
        Objects.requireNonNull(builder.ecrRepositoryPrefix, "ecrRepositoryPrefix");
    this.upstreamRegistryUrl = builder.upstreamRegistryUrl;
    this.upstreamRegistry = builder.upstreamRegistry;
    this.upstreamRepositoryPrefix = builder.upstreamRepositoryPrefix;
    this.credentialArn = builder.credentialArn;
    this.customRoleArn = builder.customRoleArn;
    // Connect timestamps carry milliseconds; truncating here keeps hash and record in agreement.
    this.createdAt = toMillis(builder.createdAt);
    this.updatedAt = toMillis(builder.updatedAt);
  }

  private static Instant toMillis(Instant instant) {
    if (instant == null || instant.getNano() % 1_000_000 == 0) {
      return instant; // already whole milliseconds, as the API sends them: no copy
    }
    return Instant.ofEpochMilli(instant.toEpochMilli());
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .registryId(registryId)
        .ecrRepositoryPrefix(ecrRepositoryPrefix)
        .upstreamRegistryUrl(upstreamRegistryUrl)
        .upstreamRegistry(upstreamRegistry)
        .upstreamRepositoryPrefix(upstreamRepositoryPrefix)
        .credentialArn(credentialArn)
        .customRoleArn(customRoleArn)
        .createdAt(createdAt)
        .updatedAt(updatedAt);
  }

  public String registryId() {
    return registryId;
  }

  public String ecrRepositoryPrefix() {
    return ecrRepositoryPrefix;
  }

  public String upstreamRegistryUrl() {
    return upstreamRegistryUrl;
  }

  public String upstreamRegistry() {
    return upstreamRegistry;
  }

  public String upstreamRepositoryPrefix() {
    return upstreamRepositoryPrefix;
  }

  public String credentialArn() {
    return credentialArn;
  }

  public String customRoleArn() {
    return customRoleArn;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PullThroughCacheRule)) {
      return false;
    }
    // Field by field rather than through RuleField: this runs once per rule on every quiet poll.
    PullThroughCacheRule other = (PullThroughCacheRule) o;
    return ecrRepositoryPrefix.equals(other.ecrRepositoryPrefix)
        && Objects.equals(updatedAt, other.updatedAt)
        && Objects.equals(registryId, other.registryId)
        && Objects.equals(upstreamRegistryUrl, other.upstreamRegistryUrl)
        && Objects.equals(upstreamRegistry, other.upstreamRegistry)
        && Objects.equals(upstreamRepositoryPrefix, other.upstreamRepositoryPrefix)
        && Objects.equals(credentialArn, other.credentialArn)
        && Objects.equals(customRoleArn, other.customRoleArn)
        && Objects.equals(createdAt, other.createdAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ecrRepositoryPrefix, registryId, updatedAt);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("PullThroughCacheRule{");
    for (RuleField field : RuleField.values()) {
      Object value = field.valueOf(this);
      if (value != null) {
        text.append(field.fieldName()).append('=').append(value).append(", ");
      }
    }
    text.setLength(text.length() - 2);
    return text.append('}').toString();
  }

  /** Builds a rule; only {@code ecrRepositoryPrefix} is required. */
  public static final class Builder {
    private String registryId;
    private String ecrRepositoryPrefix;
    private String upstreamRegistryUrl;
    private String upstreamRegistry;
    private String upstreamRepositoryPrefix;
    private String credentialArn;
    private String customRoleArn;
    private Instant createdAt;
    private Instant updatedAt;

    private Builder() {}

    public Builder registryId(String value) {
      this.registryId = value;
      return this;
    }

    public Builder ecrRepositoryPrefix(String value) {
      this.ecrRepositoryPrefix = value;
      return this;
    }

    public Builder upstreamRegistryUrl(String value) {
      this.upstreamRegistryUrl = value;
      return this;
    }

    public Builder upstreamRegistry(String value) {
      this.upstreamRegistry = value;
      return this;
    }

    public Builder upstreamRepositoryPrefix(String value) {
      this.upstreamRepositoryPrefix = value;
      return this;
    }

    public Builder credentialArn(String value) {
      this.credentialArn = value;
      return this;
    }

    public Builder customRoleArn(String value) {
      this.customRoleArn = value;
      return this;
    }

    public Builder createdAt(Instant value) {
      this.createdAt = value;
      return this;
    }

    public Builder updatedAt(Instant value) {
      this.updatedAt = value;
      return this;
    }

    public PullThroughCacheRule build() {
      return new PullThroughCacheRule(this);
    }
  }
}
