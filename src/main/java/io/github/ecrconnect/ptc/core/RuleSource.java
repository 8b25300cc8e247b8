package io.github.ecrconnect.ptc.core;

import java.util.List;

/** Lists every pull-through cache rule of a registry, all pages, or fails as a whole. */
@FunctionalInterface
public interface RuleSource {
  /**
   * Reads the complete listing.
   *
   * @throws RuleListingException if any page could not be read: no partial listing is returned
   */
  List<PullThroughCacheRule> list(Registry registry) throws RuleListingException;
}
