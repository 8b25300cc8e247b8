package io.github.ecrconnect.ptc.aws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The credentials of each account the connector reads: the base credentials, or a session of the
 * role that {@code aws.sts.role.arn} names for the account. One session per role, renewed by the
 * SDK before it expires, and one STS client (regional endpoint of the home region) for all.
 */
final class RoleSessions implements AutoCloseable {
  private final AwsSettings settings;
  private final String homeRegion;
  private final ClientOverrideConfiguration overrides;
  private final CredentialsProviders.Base base;
  private final AwsCredentialsProvider baseCredentials;
  private final Map<String, StsAssumeRoleCredentialsProvider> sessions = new ConcurrentHashMap<>();
  private volatile StsClient sts;

  RoleSessions(AwsSettings settings, String homeRegion, ClientOverrideConfiguration overrides) {
    this.settings = settings;
    this.homeRegion = homeRegion;
    this.overrides = overrides;
    this.base = CredentialsProviders.base(settings);
    // Views without close(): SDK clients close the provider they are given, and these outlive
    // any one client (see EcrClientFactory).
    AwsCredentialsProvider provider = base.provider();
    this.baseCredentials = provider::resolveCredentials;
  }

  /**
   * The credentials for {@code accountId} (null: the caller's own account, which a role template
   * with {@code {registryId}} leaves on the base credentials).
   */
  AwsCredentialsProvider forAccount(String accountId) {
    String roleArn = roleArn(settings.roleArnTemplate(), accountId);
    if (roleArn == null) {
      return baseCredentials;
    }
    StsAssumeRoleCredentialsProvider session = sessions.computeIfAbsent(roleArn, this::newSession);
    return session::resolveCredentials;
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
    String roleArn = roleArn(settings.roleArnTemplate(), accountId);
    StsAssumeRoleCredentialsProvider session = roleArn == null ? null : sessions.remove(roleArn);
    if (session != null) {
      session.close();
    }
  }

  private StsAssumeRoleCredentialsProvider newSession(String roleArn) {
    return StsAssumeRoleCredentialsProvider.builder()
        .stsClient(sts())
        .refreshRequest(
            request -> {
              request.roleArn(roleArn).roleSessionName(settings.roleSessionName());
              if (settings.roleExternalId() != null) {
                request.externalId(settings.roleExternalId());
              }
            })
        .build();
  }

  private synchronized StsClient sts() {
    if (sts == null) {
      StsClientBuilder builder =
          StsClient.builder()
              .region(Region.of(homeRegion))
              .httpClientBuilder(UrlConnectionHttpClient.builder())
              .credentialsProvider(baseCredentials)
              .overrideConfiguration(overrides);
      if (settings.stsEndpoint() != null) {
        builder.endpointOverride(settings.stsEndpoint());
      }
      sts = builder.build();
    }
    return sts;
  }

  @Override
  public void close() {
    sessions.values().forEach(StsAssumeRoleCredentialsProvider::close);
    sessions.clear();
    if (sts != null) {
      sts.close();
    }
    base.closeIfOwned();
  }
}
