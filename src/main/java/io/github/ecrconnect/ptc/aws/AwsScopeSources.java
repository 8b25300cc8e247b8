package io.github.ecrconnect.ptc.aws;

import io.github.ecrconnect.ptc.core.AccountSource;
import io.github.ecrconnect.ptc.core.ApiCallListener;
import io.github.ecrconnect.ptc.core.DiscoveryException;
import io.github.ecrconnect.ptc.core.RegionSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.account.AccountClient;
import software.amazon.awssdk.services.account.AccountClientBuilder;
import software.amazon.awssdk.services.account.model.ListRegionsRequest;
import software.amazon.awssdk.services.account.model.ListRegionsResponse;
import software.amazon.awssdk.services.account.model.RegionOptStatus;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.OrganizationsClientBuilder;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.ListAccountsRequest;
import software.amazon.awssdk.services.organizations.model.ListAccountsResponse;

/**
 * Discovery through AWS: the organization's active accounts (Organizations ListAccounts, with the
 * connector's own credentials: the management account or a delegated administrator) and each
 * account's enabled regions (Account Management ListRegions, with the credentials its registries
 * are read with, i.e. through its {@code {registryId}} role). Both are global services whose
 * endpoint the home region's partition decides. Pages are followed by hand, up to a bound, so a
 * repeated token cannot loop forever.
 */
public final class AwsScopeSources implements AccountSource, RegionSource, AutoCloseable {
  static final String LIST_ACCOUNTS = "organizations:ListAccounts";
  static final String LIST_REGIONS = "account:ListRegions";
  private static final int MAX_PAGES = 10_000;

  private final SdkResources resources;
  private final RoleSessions sessions;
  private final OrganizationsClient organizations;
  private final AccountClient account;

  /**
   * @param homeRegion the region whose partition and STS endpoint the discovery calls use
   */
  public AwsScopeSources(AwsSettings settings, String homeRegion) {
    this.resources = new SdkResources(settings);
    this.sessions = new RoleSessions(settings, homeRegion, resources, ApiCallListener.NONE);
    OrganizationsClientBuilder orgs =
        resources
            .configure(OrganizationsClient.builder(), ApiCallListener.NONE)
            .region(Region.of(homeRegion))
            .credentialsProvider(sessions.baseCredentials());
    if (settings.organizationsEndpoint() != null) {
      orgs.endpointOverride(settings.organizationsEndpoint());
    }
    this.organizations = orgs.build();
    AccountClientBuilder accounts =
        resources
            .configure(AccountClient.builder(), ApiCallListener.NONE)
            .region(Region.of(homeRegion))
            .credentialsProvider(sessions.baseCredentials());
    if (settings.accountEndpoint() != null) {
      accounts.endpointOverride(settings.accountEndpoint());
    }
    this.account = accounts.build();
  }

  /** The active accounts of the first page only: a quick check of the permission. */
  public List<String> firstAccounts() throws DiscoveryException {
    try {
      List<String> active = new ArrayList<>();
      organizations.listAccounts(ListAccountsRequest.builder().build()).accounts().stream()
          .filter(AwsScopeSources::isActive)
          .forEach(member -> active.add(member.id()));
      return active;
    } catch (SdkException e) {
      throw DiscoveryErrors.classify(
          "Listing the organization's accounts",
          LIST_ACCOUNTS,
          sessions.describe(null) + " (in the management account or a delegated administrator)",
          e);
    }
  }

  /** Accounts whose state (or, from older APIs, status) is ACTIVE; all pages. */
  @Override
  public List<String> activeAccounts() throws DiscoveryException {
    List<String> active = new ArrayList<>();
    Set<String> tokens = new HashSet<>();
    String token = null;
    int page = 0;
    do {
      ListAccountsRequest request = ListAccountsRequest.builder().nextToken(token).build();
      ListAccountsResponse response;
      try {
        response = organizations.listAccounts(request);
      } catch (SdkException e) {
        throw DiscoveryErrors.classify(
            "Listing the organization's accounts (page " + (page + 1) + ")",
            LIST_ACCOUNTS,
            sessions.describe(null) + " (in the management account or a delegated administrator)",
            e);
      }
      for (Account member : response.accounts()) {
        if (isActive(member)) {
          active.add(member.id());
        }
      }
      token = response.nextToken();
      page++;
      if (token != null && (!tokens.add(token) || page >= MAX_PAGES)) {
        throw DiscoveryException.retriable(
            "Listing the organization's accounts: AWS repeated a page token after "
                + page
                + " pages",
            null);
      }
    } while (token != null);
    return active;
  }

  /** State is the current field; status the one it replaces (deprecated by AWS in 2025). */
  private static boolean isActive(Account member) {
    String state = member.stateAsString();
    return state != null ? "ACTIVE".equals(state) : "ACTIVE".equals(member.statusAsString());
  }

  /** Regions that are ENABLED or ENABLED_BY_DEFAULT for {@code accountId}; all pages. */
  @Override
  public List<String> enabledRegions(String accountId) throws DiscoveryException {
    List<String> regions = new ArrayList<>();
    Set<String> tokens = new HashSet<>();
    String token = null;
    int page = 0;
    String who = accountId == null ? "the connector's own account" : "account " + accountId;
    do {
      ListRegionsRequest request =
          ListRegionsRequest.builder()
              .regionOptStatusContains(RegionOptStatus.ENABLED, RegionOptStatus.ENABLED_BY_DEFAULT)
              .maxResults(50)
              .nextToken(token)
              .overrideConfiguration(o -> o.credentialsProvider(sessions.forAccount(accountId)))
              .build();
      ListRegionsResponse response;
      try {
        response = account.listRegions(request);
      } catch (SdkException e) {
        if (DiscoveryErrors.isExpiredCredentials(e)) {
          sessions.renew(accountId);
        }
        throw DiscoveryErrors.classify(
            "Listing the enabled regions of " + who + " (page " + (page + 1) + ")",
            LIST_REGIONS,
            sessions.describe(accountId),
            e);
      }
      response.regions().forEach(region -> regions.add(region.regionName()));
      token = response.nextToken();
      page++;
      if (token != null && (!tokens.add(token) || page >= MAX_PAGES)) {
        throw DiscoveryException.retriable(
            "Listing the enabled regions of " + who + ": AWS repeated a page token", null);
      }
    } while (token != null);
    return regions;
  }

  @Override
  public void close() {
    organizations.close();
    account.close();
    sessions.close();
    resources.close();
  }
}
