package io.github.ecrconnect.ptc.testkit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A pull-through cache rule as {@link FakeEcrServer} stores and serves it: every field of the API's
 * {@code PullThroughCacheRule}. Only the prefix is required; a null field is left out of the
 * response, as the real service does.
 *
 * <p>{@code upstreamRegistry} is a plain string so tests can use values newer than the SDK knows.
 * Timestamps are cut to milliseconds, the precision the SDK reads back, so a rule compares equal to
 * what a client received.
 */
public record FakeRule(
    String registryId,
    String ecrRepositoryPrefix,
    String upstreamRegistryUrl,
    String upstreamRegistry,
    String upstreamRepositoryPrefix,
    String credentialArn,
    String customRoleArn,
    Instant createdAt,
    Instant updatedAt) {

  public FakeRule {
    Objects.requireNonNull(ecrRepositoryPrefix, "ecrRepositoryPrefix");
    createdAt = toMillis(createdAt);
    updatedAt = toMillis(updatedAt);
  }

  /** A rule without credentials or timestamps; the server fills registry id and timestamps. */
  public static FakeRule of(
      String ecrRepositoryPrefix, String upstreamRegistryUrl, String upstreamRegistry) {
    return builder()
        .ecrRepositoryPrefix(ecrRepositoryPrefix)
        .upstreamRegistryUrl(upstreamRegistryUrl)
        .upstreamRegistry(upstreamRegistry)
        .build();
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

  public FakeRule withRegistryId(String value) {
    return with(b -> b.registryId(value));
  }

  public FakeRule withUpstreamRegistryUrl(String value) {
    return with(b -> b.upstreamRegistryUrl(value));
  }

  public FakeRule withUpstreamRegistry(String value) {
    return with(b -> b.upstreamRegistry(value));
  }

  public FakeRule withUpstreamRepositoryPrefix(String value) {
    return with(b -> b.upstreamRepositoryPrefix(value));
  }

  public FakeRule withCredentialArn(String value) {
    return with(b -> b.credentialArn(value));
  }

  public FakeRule withCustomRoleArn(String value) {
    return with(b -> b.customRoleArn(value));
  }

  public FakeRule withCreatedAt(Instant value) {
    return with(b -> b.createdAt(value));
  }

  public FakeRule withUpdatedAt(Instant value) {
    return with(b -> b.updatedAt(value));
  }

  private FakeRule with(Consumer<Builder> change) {
    Builder builder = toBuilder();
    change.accept(builder);
    return builder.build();
  }

  private static Instant toMillis(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
  }

  /** Names every field, so a rule with many string fields cannot mix them up. */
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
      registryId = value;
      return this;
    }

    public Builder ecrRepositoryPrefix(String value) {
      ecrRepositoryPrefix = value;
      return this;
    }

    public Builder upstreamRegistryUrl(String value) {
      upstreamRegistryUrl = value;
      return this;
    }

    public Builder upstreamRegistry(String value) {
      upstreamRegistry = value;
      return this;
    }

    public Builder upstreamRepositoryPrefix(String value) {
      upstreamRepositoryPrefix = value;
      return this;
    }

    public Builder credentialArn(String value) {
      credentialArn = value;
      return this;
    }

    public Builder customRoleArn(String value) {
      customRoleArn = value;
      return this;
    }

    public Builder createdAt(Instant value) {
      createdAt = value;
      return this;
    }

    public Builder updatedAt(Instant value) {
      updatedAt = value;
      return this;
    }

    public FakeRule build() {
      return new FakeRule(
          registryId,
          ecrRepositoryPrefix,
          upstreamRegistryUrl,
          upstreamRegistry,
          upstreamRepositoryPrefix,
          credentialArn,
          customRoleArn,
          createdAt,
          updatedAt);
    }
  }
}
