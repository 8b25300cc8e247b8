package io.github.ecrconnect.ptc.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state behind the fake's Organizations and Account Management APIs: an organization (its
 * management account, delegated administrators, members with their state) and the regions each
 * account has enabled. Tests change it while a connector runs. Thread-safe.
 */
public final class FakeOrganization {
  /** Regions enabled by default for every account, as in a real partition (a few of them). */
  public static final List<String> DEFAULT_REGIONS = List.of("eu-west-1", "us-east-1", "us-west-2");

  private final Map<String, String> states = new TreeMap<>();
  private final Set<String> delegatedAdministrators = new TreeSet<>();
  private final Map<String, Map<String, String>> regionStatus = new ConcurrentHashMap<>();
  private final Map<String, AwsError> failures = new ConcurrentHashMap<>();
  private final AtomicLong listAccountsCalls = new AtomicLong();
  private final Map<String, AtomicLong> listRegionsCalls = new ConcurrentHashMap<>();
  private String management;
  private List<String> defaultRegions = DEFAULT_REGIONS;

  /** Makes an organization whose management account is {@code account} (an ACTIVE member). */
  public synchronized FakeOrganization create(String managementAccount) {
    management = managementAccount;
    states.put(managementAccount, "ACTIVE");
    return this;
  }

  /** Adds (or re-activates) a member account. */
  public synchronized FakeOrganization addAccount(String account) {
    return setState(account, "ACTIVE");
  }

  /** Sets a member's state: ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, PENDING_ACTIVATION. */
  public synchronized FakeOrganization setState(String account, String state) {
    states.put(account, state);
    return this;
  }

  /** The account leaves the organization. */
  public synchronized FakeOrganization removeAccount(String account) {
    states.remove(account);
    return this;
  }

  /** Lets a member account call ListAccounts as a delegated administrator. */
  public synchronized FakeOrganization delegateAdministrator(String account) {
    delegatedAdministrators.add(account);
    return this;
  }

  /** The regions every account has enabled by default (those not opted in or out). */
  public synchronized FakeOrganization setDefaultRegions(List<String> regions) {
    defaultRegions = List.copyOf(regions);
    return this;
  }

  /** The account opts in to an opt-in region (ENABLED). */
  public FakeOrganization enableRegion(String account, String region) {
    regionStatus.computeIfAbsent(account, a -> new ConcurrentHashMap<>()).put(region, "ENABLED");
    return this;
  }

  /** The account opts out of a region (DISABLED), default ones included. */
  public FakeOrganization disableRegion(String account, String region) {
    regionStatus.computeIfAbsent(account, a -> new ConcurrentHashMap<>()).put(region, "DISABLED");
    return this;
  }

  /**
   * Every ListAccounts call (operation "ListAccounts") or ListRegions call of the account
   * ("ListRegions:" + account) answers this error until {@link #clearFailures()}.
   */
  public void fail(String operation, int status, String code, String message) {
    failures.put(operation, new AwsError(status, code, message));
  }

  public void clearFailures() {
    failures.clear();
  }

  public long listAccountsCalls() {
    return listAccountsCalls.get();
  }

  public long listRegionsCalls(String account) {
    AtomicLong calls = listRegionsCalls.get(account);
    return calls == null ? 0 : calls.get();
  }

  /** Back to no organization and no region changes. */
  public synchronized void reset() {
    states.clear();
    delegatedAdministrators.clear();
    regionStatus.clear();
    failures.clear();
    listAccountsCalls.set(0);
    listRegionsCalls.clear();
    management = null;
    defaultRegions = DEFAULT_REGIONS;
  }

  // ---- what the protocols ask

  /** The accounts ListAccounts shows {@code caller}, id to state. */
  synchronized Map<String, String> accountsFor(String caller) throws AwsError {
    listAccountsCalls.incrementAndGet();
    AwsError failure = failures.get("ListAccounts");
    if (failure != null) {
      throw failure;
    }
    if (management == null || !states.containsKey(caller)) {
      throw new AwsError(
          400,
          "AWSOrganizationsNotInUseException",
          "Your account is not a member of an organization.");
    }
    if (!caller.equals(management) && !delegatedAdministrators.contains(caller)) {
      throw new AwsError(
          400, "AccessDeniedException", "You don't have permissions to access this resource.");
    }
    return new TreeMap<>(states);
  }

  /** Region name to opt status for {@code account}, as ListRegions reports it. */
  synchronized Map<String, String> regionsOf(String caller, String account) throws AwsError {
    String target = account == null ? caller : account;
    listRegionsCalls.computeIfAbsent(target, a -> new AtomicLong()).incrementAndGet();
    AwsError failure = failures.get("ListRegions:" + target);
    if (failure != null) {
      throw failure;
    }
    if (account != null && !account.equals(caller)) {
      if (!caller.equals(management) && !delegatedAdministrators.contains(caller)) {
        throw new AwsError(
            403, "AccessDeniedException", "User is not authorized to perform account:ListRegions");
      }
      if (account.equals(management)) {
        throw new AwsError(
            400, "ValidationException", "The management account can't specify its own AccountId.");
      }
    }
    Map<String, String> regions = new TreeMap<>();
    defaultRegions.forEach(region -> regions.put(region, "ENABLED_BY_DEFAULT"));
    regions.putAll(regionStatus.getOrDefault(target, Map.of()));
    return regions;
  }

  /** For tests' messages. */
  synchronized List<String> activeAccounts() {
    List<String> active = new ArrayList<>();
    states.forEach(
        (account, state) -> {
          if (state.equals("ACTIVE")) {
            active.add(account);
          }
        });
    return active;
  }
}
