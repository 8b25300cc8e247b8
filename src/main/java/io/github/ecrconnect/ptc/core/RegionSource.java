package io.github.ecrconnect.ptc.core;

import java.util.List;

/** The regions an account has enabled (AWS Account Management ListRegions). */
@FunctionalInterface
public interface RegionSource {
  /** The enabled region ids of {@code accountId}, or of the caller's own account for null. */
  List<String> enabledRegions(String accountId) throws DiscoveryException;
}
