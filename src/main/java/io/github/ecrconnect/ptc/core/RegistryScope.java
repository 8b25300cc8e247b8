package io.github.ecrconnect.ptc.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which registries the connector reads: the configured regions (or every region each account has
 * enabled) times the configured accounts (or the organization's active members, filtered by include
 * and exclude lists). Turns discovered accounts and regions into the ordered list of registries the
 * tasks share.
 */
public final class RegistryScope {
  /** The {@code aws.regions} value that reads every region each account has enabled. */
  public static final String ALL_REGIONS = "all";

  /** The {@code aws.ecr.registry.ids} value that reads every active account of the organization. */
  public static final String ORGANIZATION = "organization";

  private final List<String> regions;
  private final boolean allRegions;
  private final List<String> accountIds;
  private final boolean organization;
  private final Set<String> include;
  private final Set<String> exclude;

  private RegistryScope(
      List<String> regions,
      List<String> accountIds,
      Collection<String> include,
      Collection<String> exclude) {
    this.allRegions = regions.size() == 1 && ALL_REGIONS.equals(regions.get(0));
    this.organization = accountIds.size() == 1 && ORGANIZATION.equals(accountIds.get(0));
    this.regions = allRegions ? List.of() : distinct(regions);
    this.accountIds = organization ? List.of() : distinct(accountIds);
    this.include = Set.copyOf(include);
    this.exclude = Set.copyOf(exclude);
  }

  /**
   * A scope from configured values: {@code regions} is {@code [all]} or region ids (at least one);
   * {@code accountIds} is {@code [organization]}, account ids, or empty for the caller's own
   * registry. Include and exclude apply to the organization's accounts (empty: no filter).
   */
  public static RegistryScope of(
      List<String> regions,
      List<String> accountIds,
      Collection<String> include,
      Collection<String> exclude) {
    if (regions.isEmpty()) {
      throw new IllegalArgumentException("a scope needs at least one region, or all");
    }
    return new RegistryScope(regions, accountIds, include, exclude);
  }

  /** Whether accounts or regions are found at run time, and so may change while it runs. */
  public boolean isDiscovered() {
    return allRegions || organization;
  }

  public boolean discoversAccounts() {
    return organization;
  }

  public boolean discoversRegions() {
    return allRegions;
  }

  /**
   * The accounts to read given the organization's active members (ignored unless the scope
   * discovers accounts): include list (if any) minus exclude list, in id order. Otherwise the
   * configured ids in config order, or a single null for the caller's own registry.
   */
  public List<String> accounts(Collection<String> activeMembers) {
    if (!organization) {
      if (accountIds.isEmpty()) {
        List<String> own = new ArrayList<>();
        own.add(null);
        return own;
      }
      return accountIds;
    }
    List<String> accounts = new ArrayList<>();
    for (String account : new TreeSet<>(activeMembers)) {
      if ((include.isEmpty() || include.contains(account)) && !exclude.contains(account)) {
        accounts.add(account);
      }
    }
    return accounts;
  }

  /** The configured regions, in config order; empty when the scope discovers regions. */
  public List<String> regions() {
    return regions;
  }

  /**
   * The registries of {@code regionsByAccount} (account id, or null for the caller's own, to its
   * regions): regions outermost, in first-seen order for configured regions and name order for
   * discovered ones, then accounts in the map's order. Duplicates are one registry.
   */
  public List<Registry> registries(Map<String, ? extends Collection<String>> regionsByAccount) {
    Set<String> allRegionNames = allRegions ? new TreeSet<>() : new LinkedHashSet<>();
    regionsByAccount.values().forEach(allRegionNames::addAll);
    List<Registry> registries = new ArrayList<>();
    for (String region : allRegionNames) {
      regionsByAccount.forEach(
          (account, accountRegions) -> {
            if (accountRegions.contains(region)) {
              registries.add(Registry.of(account, region));
            }
          });
    }
    return registries;
  }

  /** The registries when nothing is discovered: configured regions times configured accounts. */
  public List<Registry> fixedRegistries() {
    if (isDiscovered()) {
      throw new IllegalStateException("this scope is discovered at run time: " + this);
    }
    Map<String, List<String>> regionsByAccount = new LinkedHashMap<>();
    accounts(List.of()).forEach(account -> regionsByAccount.put(account, regions));
    return registries(regionsByAccount);
  }

  private static List<String> distinct(List<String> values) {
    return List.copyOf(new LinkedHashSet<>(values));
  }

  @Override
  public String toString() {
    return "RegistryScope{regions="
        + (allRegions ? ALL_REGIONS : regions)
        + ", accounts="
        + (organization ? ORGANIZATION : accountIds.isEmpty() ? "own" : accountIds)
        + (include.isEmpty() ? "" : ", include=" + new TreeSet<>(include))
        + (exclude.isEmpty() ? "" : ", exclude=" + new TreeSet<>(exclude))
        + "}";
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RegistryScope)) {
      return false;
    }
    RegistryScope other = (RegistryScope) o;
    return allRegions == other.allRegions
        && organization == other.organization
        && regions.equals(other.regions)
        && accountIds.equals(other.accountIds)
        && include.equals(other.include)
        && exclude.equals(other.exclude);
  }

  @Override
  public int hashCode() {
    return Objects.hash(regions, allRegions, accountIds, organization, include, exclude);
  }
}
