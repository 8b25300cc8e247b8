package io.github.ecrconnect.ptc.aws;

import io.github.ecrconnect.ptc.core.ApiCallListener;
import io.github.ecrconnect.ptc.core.Registry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.EcrClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Makes ECR clients: one per (region, role) and shared by the registries that need it, so a task
 * reuses connections. Each has the settings' timeouts, the SDK's standard retry strategy (jittered
 * exponential backoff, also for an endpoint override) and the credentials chosen by config. An
 * assumed role is one session shared by every region it is used in (STS calls per account are
 * bounded by the session duration, not by regions), assumed through the regional STS endpoint of
 * the settings' STS region (the first configured region), else of the first region that needs it.
 */
public final class EcrClientFactory implements AutoCloseable {
  /** Stands for the account id in a role ARN, for one role per account. */
  public static final String REGISTRY_ID_PLACEHOLDER = "{registryId}";

  private final AwsSettings settings;
  private final ApiCallListener apiCalls;
  private final CredentialsProviders.Base base;
  private final AwsCredentialsProvider baseCredentials;
  private final Map<String, EcrClient> clients = new ConcurrentHashMap<>();

  /** Assumed-role sessions by role ARN, each shared by all the clients of that role. */
  private final Map<String, RoleSession> sessions = new ConcurrentHashMap<>();

  public EcrClientFactory(AwsSettings settings, ApiCallListener apiCalls) {
    this.settings = settings;
    this.apiCalls = apiCalls;
    this.base = CredentialsProviders.base(settings);
    // SDK clients close the credentials provider they are given (measured: twice per validate()
    // for a shared create() provider). They get a view without close(), so only close() below
    // decides, by ownership.
    AwsCredentialsProvider provider = base.provider();
    this.baseCredentials = provider::resolveCredentials;
  }

  /** The client for {@code registry}, created on first use. */
  public EcrClient clientFor(Registry registry) {
    String roleArn = roleArnFor(registry);
    String key = registry.region() + "|" + (roleArn == null ? "" : roleArn);
    return clients.computeIfAbsent(key, k -> newClient(registry.region(), roleArn));
  }

  /**
   * Forgets the assumed-role session of {@code registry} and the clients that sign with it (in
   * every region), so the next call assumes the role again. For when AWS says those credentials
   * expired although the SDK's provider, going by the local clock, would keep them for minutes more
   * (a worker clock behind AWS's, a session cut short). Base credentials refresh by their own
   * provider.
   */
  public void renewCredentials(Registry registry) {
    String roleArn = roleArnFor(registry);
    if (roleArn == null) {
      return;
    }
    RoleSession session = sessions.remove(roleArn);
    clients
        .entrySet()
        .removeIf(
            entry -> {
              boolean ofRole = entry.getKey().endsWith("|" + roleArn);
              if (ofRole) {
                entry.getValue().close();
              }
              return ofRole;
            });
    if (session != null) {
      session.close();
    }
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      // best effort: a new session replaces it, or the task is stopping
    }
  }

  /** The role to assume for {@code registry}, or null; fills in {@code {registryId}}. */
  String roleArnFor(Registry registry) {
    String template = settings.roleArnTemplate();
    if (template == null || !template.contains(REGISTRY_ID_PLACEHOLDER)) {
      return template;
    }
    if (registry.registryIdOrNull() == null) {
      throw new IllegalArgumentException(
          AwsConfigKeys.ROLE_ARN
              + " contains "
              + REGISTRY_ID_PLACEHOLDER
              + " but registry "
              + registry
              + " has no account id: list the accounts in "
              + AwsConfigKeys.REGISTRY_IDS);
    }
    return template.replace(REGISTRY_ID_PLACEHOLDER, registry.registryIdOrNull());
  }

  private EcrClient newClient(String region, String roleArn) {
    EcrClientBuilder builder =
        EcrClient.builder()
            .region(Region.of(region))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .credentialsProvider(credentialsFor(region, roleArn))
            .overrideConfiguration(
                overrides().toBuilder()
                    .addExecutionInterceptor(new ApiCallCounter(apiCalls))
                    .build());
    if (settings.ecrEndpoint() != null) {
      builder.endpointOverride(settings.ecrEndpoint());
    }
    return builder.build();
  }

  private AwsCredentialsProvider credentialsFor(String region, String roleArn) {
    if (roleArn == null) {
      return baseCredentials;
    }
    // A view without close(): the ECR client would close the shared session with itself.
    AwsCredentialsProvider session =
        sessions.computeIfAbsent(roleArn, arn -> assumeRole(region, arn)).provider;
    return session::resolveCredentials;
  }

  private RoleSession assumeRole(String region, String roleArn) {
    StsClientBuilder sts =
        StsClient.builder()
            // The regional STS endpoint of the home region (see AwsSettings.stsRegion).
            .region(Region.of(settings.stsRegion() == null ? region : settings.stsRegion()))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .credentialsProvider(baseCredentials)
            .overrideConfiguration(
                overrides().toBuilder()
                    .addExecutionInterceptor(new ApiCallCounter(apiCalls))
                    .build());
    if (settings.stsEndpoint() != null) {
      sts.endpointOverride(settings.stsEndpoint());
    }
    StsClient stsClient = sts.build();
    StsAssumeRoleCredentialsProvider provider =
        StsAssumeRoleCredentialsProvider.builder()
            .stsClient(stsClient)
            .refreshRequest(
                request -> {
                  request.roleArn(roleArn).roleSessionName(settings.roleSessionName());
                  if (settings.roleExternalId() != null) {
                    request.externalId(settings.roleExternalId());
                  }
                })
            .build();
    return new RoleSession(provider, stsClient);
  }

  /** One assumed-role session: the SDK's renewing provider and the STS client it calls. */
  private static final class RoleSession implements AutoCloseable {
    final StsAssumeRoleCredentialsProvider provider;
    final StsClient sts;

    RoleSession(StsAssumeRoleCredentialsProvider provider, StsClient sts) {
      this.provider = provider;
      this.sts = sts;
    }

    @Override
    public void close() {
      closeQuietly(provider);
      closeQuietly(sts);
    }
  }

  private ClientOverrideConfiguration overrides() {
    return ClientOverrides.of(settings);
  }

  @Override
  public void close() {
    clients.values().forEach(EcrClient::close);
    clients.clear();
    sessions.values().forEach(RoleSession::close);
    sessions.clear();
    base.closeIfOwned();
  }
}
