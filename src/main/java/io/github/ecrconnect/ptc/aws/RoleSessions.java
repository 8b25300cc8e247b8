package io.github.ecrconnect.ptc.aws;

import io.github.ecrconnect.ptc.core.ApiCallListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The credentials of each account the connector reads: the base credentials, or a session of the
 * role that {@code aws.sts.role.arn} names for the account. One session per role, renewed by the
 * SDK before it expires, and one STS client for all: the regional endpoint of the home region, or,
 * without one, of the first region a role is assumed for.
 */
final class RoleSessions implements AutoCloseable {
  private final AwsSettings settings;
  private final String homeRegion;
  private final SdkResources resources;
  private final ApiCallListener apiCalls;
  private final CredentialsProviders.Base base;
  private final AwsCredentialsProvider baseCredentials;
  private final Map<String, StsAssumeRoleCredentialsProvider> sessions = new ConcurrentHashMap<>();
  private StsClient sts;

  /**
   * @param homeRegion the STS region, or null for the region of the first use
   * @param resources shared with the caller's clients; the caller closes them
   */
  RoleSessions(
      AwsSettings settings, String homeRegion, SdkResources resources, ApiCallListener apiCalls) {
    this.settings = settings;
    this.homeRegion = homeRegion;
    this.resources = resources;
    this.apiCalls = apiCalls;
    this.base = CredentialsProviders.base(settings);
    // A view without close(): SDK clients close the provider they are given (measured: twice per
    // validate() for a shared create() provider), and this one outlives any client. Only close()
    // below decides, by ownership.
    AwsCredentialsProvider provider = base.provider();
    this.baseCredentials = provider::resolveCredentials;
  }

  /** The connector's own credentials, for clients whose requests name none. */
  AwsCredentialsProvider baseCredentials() {
    return baseCredentials;
  }

  /**
   * The credentials for {@code accountId} (null: the caller's own account, which a role template
   * with {@code {registryId}} leaves on the base credentials).
   */
  AwsCredentialsProvider forAccount(String accountId) {
    return forRole(roleArn(settings.roleArnTemplate(), accountId), homeRegion);
  }

  /**
   * The session of {@code roleArn} (null: the base credentials). The provider always resolves
   * through the role's current session, so a {@link #renew renewed} one takes over at once.
   *
   * @param regionOfUse the STS region if no home region was given and no role was assumed yet
   */
  AwsCredentialsProvider forRole(String roleArn, String regionOfUse) {
    if (roleArn == null) {
      return baseCredentials;
    }
    return () -> session(roleArn, regionOfUse).resolveCredentials();
  }

  private StsAssumeRoleCredentialsProvider session(String roleArn, String regionOfUse) {
    StsAssumeRoleCredentialsProvider session = sessions.get(roleArn);
    return session != null
        ? session
        : sessions.computeIfAbsent(roleArn, arn -> newSession(arn, regionOfUse));
  }

  /** The role for {@code accountId}, or null for the base credentials. */
  static String roleArn(String template, String accountId) {
    if (template == null) {
      return null;
    }
    if (!template.contains(EcrClientFactory.REGISTRY_ID_PLACEHOLDER)) {
      return template;
    }
    return accountId == null
        ? null
        : template.replace(EcrClientFactory.REGISTRY_ID_PLACEHOLDER, accountId);
  }

  /** How the credentials of {@code accountId} are obtained, without secrets: for messages. */
  String describe(String accountId) {
    String roleArn = roleArn(settings.roleArnTemplate(), accountId);
    String baseDescription =
        settings.toBuilder().assumeRole(null, null, null).build().credentialsDescription();
    return roleArn == null
        ? baseDescription
        : "role " + roleArn + " (assumed with " + baseDescription + ")";
  }

  /** Forgets the session of {@code accountId}'s role, so the next call assumes it again. */
  void renew(String accountId) {
    renewRole(roleArn(settings.roleArnTemplate(), accountId));
  }

  /** Forgets the session of {@code roleArn} (null: nothing to do). */
  void renewRole(String roleArn) {
    StsAssumeRoleCredentialsProvider session = roleArn == null ? null : sessions.remove(roleArn);
    if (session != null) {
      session.close();
    }
  }

  private StsAssumeRoleCredentialsProvider newSession(String roleArn, String regionOfUse) {
    return StsAssumeRoleCredentialsProvider.builder()
        .stsClient(sts(regionOfUse))
        .refreshRequest(
            request -> {
              request.roleArn(roleArn).roleSessionName(settings.roleSessionName());
              if (settings.roleExternalId() != null) {
                request.externalId(settings.roleExternalId());
              }
            })
        .build();
  }

  private synchronized StsClient sts(String regionOfUse) {
    if (sts == null) {
      StsClientBuilder builder =
          resources
              .configure(StsClient.builder(), apiCalls)
              // The regional STS endpoint (see AwsSettings.stsRegion).
              .region(Region.of(homeRegion != null ? homeRegion : regionOfUse))
              .credentialsProvider(baseCredentials);
      if (settings.stsEndpoint() != null) {
        builder.endpointOverride(settings.stsEndpoint());
      }
      sts = builder.build();
    }
    return sts;
  }

  @Override
  public synchronized void close() {
    sessions.values().forEach(StsAssumeRoleCredentialsProvider::close);
    sessions.clear();
    if (sts != null) {
      sts.close();
    }
    base.closeIfOwned();
  }
}
