package io.github.ecrconnect.ptc.core;

import java.util.Objects;

/**
 * One (registry id, region) pair: what one DescribePullThroughCacheRules listing covers, and one
 * Connect source partition. A null registry id means the caller's own registry.
 */
public final class Registry {
  /** How the caller's own registry is named in partitions and task configs. */
  public static final String DEFAULT_REGISTRY_ID = "default";

  private static final char SEPARATOR = '@';

  private final String registryId;
  private final String region;

  private Registry(String registryId, String region) {
    this.registryId = registryId;
    this.region = Objects.requireNonNull(region, "region");
  }

  /** A registry; {@code registryId} null or "default" means the caller's own. */
  public static Registry of(String registryId, String region) {
    boolean own = registryId == null || DEFAULT_REGISTRY_ID.equals(registryId);
    return new Registry(own ? null : registryId, region);
  }

  /** The account id to pass to the API, or null for the caller's own registry. */
  public String registryIdOrNull() {
    return registryId;
  }

  /** The id as partitions spell it: the account id, or "default". */
  public String partitionRegistryId() {
    return registryId == null ? DEFAULT_REGISTRY_ID : registryId;
  }

  public String region() {
    return region;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Registry)) {
      return false;
    }
    Registry other = (Registry) o;
    return Objects.equals(registryId, other.registryId) && region.equals(other.region);
  }

  @Override
  public int hashCode() {
    return Objects.hash(registryId, region);
  }

  /**
   * Reads {@link #toString()}'s form back: {@code <registryId or default>@<region>}.
   *
   * @throws IllegalArgumentException if {@code text} has no {@code @}
   */
  public static Registry parse(String text) {
    int at = text.lastIndexOf(SEPARATOR);
    if (at < 0) {
      throw new IllegalArgumentException("a registry is <registryId>@<region>, got " + text);
    }
    return of(text.substring(0, at), text.substring(at + 1));
  }

  /** {@code <registryId or default>@<region>}, as logs and task configs write it. */
  @Override
  public String toString() {
    return partitionRegistryId() + SEPARATOR + region;
  }
}
