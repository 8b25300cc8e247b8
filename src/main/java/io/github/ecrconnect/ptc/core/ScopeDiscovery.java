package io.github.ecrconnect.ptc.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the registries of a {@link RegistryScope}: the accounts (listed once per discovery), then
 * each account's enabled regions. One account whose regions cannot be read does not stop the
 * others: it keeps the regions last read for it (none if it never was), and the failure is
 * reported in the result. A failed account listing fails the whole discovery, so the caller keeps
 * the registries it knew. Not thread-safe: one discovery at a time.
 */
public final class ScopeDiscovery {
  /** What one discovery found: the registries, and the accounts whose regions it could not read. */
  public static final class Result {
    private final List<Registry> registries;
    private final Map<String, DiscoveryException> regionFailures;

    Result(List<Registry> registries, Map<String, DiscoveryException> regionFailures) {
      this.registries = List.copyOf(registries);
      this.regionFailures = regionFailures;
    }

    public List<Registry> registries() {
      return registries;
    }

    /** Account id ("own" for the caller's account) to why its regions could not be read. */
    public Map<String, DiscoveryException> regionFailures() {
      return regionFailures;
    }
  }

  private final RegistryScope scope;
  private final AccountSource accounts;
  private final RegionSource regions;
  private final Map<String, List<String>> lastRegions = new HashMap<>();

  public ScopeDiscovery(RegistryScope scope, AccountSource accounts, RegionSource regions) {
    this.scope = scope;
    this.accounts = accounts;
    this.regions = regions;
  }

  public RegistryScope scope() {
    return scope;
  }

  /** @throws DiscoveryException if the organization's accounts could not be listed */
  public Result discover() throws DiscoveryException {
    List<String> inScope =
        scope.accounts(scope.discoversAccounts() ? accounts.activeAccounts() : List.of());
    Map<String, List<String>> regionsByAccount = new LinkedHashMap<>();
    Map<String, DiscoveryException> failures = new LinkedHashMap<>();
    for (String account : inScope) {
      if (!scope.discoversRegions()) {
        regionsByAccount.put(account, scope.regions());
        continue;
      }
      try {
        List<String> enabled = List.copyOf(new TreeSet<>(regions.enabledRegions(account)));
        lastRegions.put(account, enabled);
        regionsByAccount.put(account, enabled);
      } catch (DiscoveryException e) {
        failures.put(account == null ? "own" : account, e);
        regionsByAccount.put(account, lastRegions.getOrDefault(account, List.of()));
      }
    }
    // Accounts that left are forgotten: one that comes back is read afresh.
    lastRegions.keySet().retainAll(new HashSet<>(inScope));
    return new Result(scope.registries(regionsByAccount), failures);
  }

  /** For logs: how many accounts and registries, without listing thousands. */
  public static String summary(List<Registry> registries) {
    Set<String> accounts = new TreeSet<>();
    Set<String> regions = new TreeSet<>();
    for (Registry registry : registries) {
      accounts.add(registry.partitionRegistryId());
      regions.add(registry.region());
    }
    List<String> parts = new ArrayList<>();
    parts.add(registries.size() + " registries");
    parts.add(accounts.size() + " accounts");
    parts.add(regions.size() + " regions " + regions);
    return String.join(", ", parts);
  }
}
