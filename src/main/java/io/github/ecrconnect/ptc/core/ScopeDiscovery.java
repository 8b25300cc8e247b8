package io.github.ecrconnect.ptc.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Finds the registries of a {@link RegistryScope}: the accounts (listed once per discovery), then
 * each account's enabled regions. One account whose regions cannot be read does not stop the
 * others: it keeps the regions last read for it (none if it never was), and the failure is reported
 * in the result. A failed account listing fails the whole discovery, so the caller keeps the
 * registries it knew. Not thread-safe: one discovery at a time.
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
  private final int parallelism;
  private final Map<String, List<String>> lastRegions = new HashMap<>();

  public ScopeDiscovery(RegistryScope scope, AccountSource accounts, RegionSource regions) {
    this(scope, accounts, regions, 1);
  }

  /** Reads the regions of up to {@code parallelism} accounts at a time. */
  public ScopeDiscovery(
      RegistryScope scope, AccountSource accounts, RegionSource regions, int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1");
    }
    this.scope = scope;
    this.accounts = accounts;
    this.regions = regions;
    this.parallelism = parallelism;
  }

  public RegistryScope scope() {
    return scope;
  }

  /**
   * @throws DiscoveryException if the organization's accounts could not be listed
   */
  public Result discover() throws DiscoveryException {
    List<String> inScope =
        scope.accounts(scope.discoversAccounts() ? accounts.activeAccounts() : List.of());
    Map<String, List<String>> regionsByAccount = new LinkedHashMap<>();
    Map<String, DiscoveryException> failures = new LinkedHashMap<>();
    Map<String, Object> read = scope.discoversRegions() ? readRegions(inScope) : Map.of();
    for (String account : inScope) {
      if (!scope.discoversRegions()) {
        regionsByAccount.put(account, scope.regions());
        continue;
      }
      Object outcome = read.get(account);
      if (outcome instanceof DiscoveryException) {
        failures.put(account == null ? "own" : account, (DiscoveryException) outcome);
        regionsByAccount.put(account, lastRegions.getOrDefault(account, List.of()));
      } else {
        @SuppressWarnings("unchecked")
        List<String> enabled = List.copyOf(new TreeSet<>((List<String>) outcome));
        lastRegions.put(account, enabled);
        regionsByAccount.put(account, enabled);
      }
    }
    // Accounts that left are forgotten: one that comes back is read afresh.
    lastRegions.keySet().retainAll(new HashSet<>(inScope));
    return new Result(scope.registries(regionsByAccount), failures);
  }

  /**
   * Each account's enabled regions (a list) or why they could not be read (a DiscoveryException),
   * {@link #parallelism} accounts at a time.
   *
   * @throws DiscoveryException if the discovery was interrupted (the connector stops)
   */
  private Map<String, Object> readRegions(List<String> accountIds) throws DiscoveryException {
    Map<String, Object> outcomes = new HashMap<>();
    if (parallelism == 1 || accountIds.size() <= 1) {
      for (String account : accountIds) {
        outcomes.put(account, enabledRegionsOrFailure(account));
      }
      return outcomes;
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(parallelism, accountIds.size()),
            task -> {
              Thread thread = new Thread(task, "ecr-ptc-regions-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    try {
      Map<String, Future<Object>> pending = new LinkedHashMap<>();
      for (String account : accountIds) {
        pending.put(account, pool.submit(() -> enabledRegionsOrFailure(account)));
      }
      for (Map.Entry<String, Future<Object>> entry : pending.entrySet()) {
        try {
          outcomes.put(entry.getKey(), entry.getValue().get());
        } catch (ExecutionException e) {
          outcomes.put(
              entry.getKey(),
              DiscoveryException.retriable(String.valueOf(e.getCause()), e.getCause()));
        }
      }
      return outcomes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DiscoveryException.retriable("Discovery interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private Object enabledRegionsOrFailure(String account) {
    try {
      return regions.enabledRegions(account);
    } catch (DiscoveryException e) {
      return e;
    }
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
