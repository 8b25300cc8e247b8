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
 * assumed role has one session, shared by the clients of all its regions and renewed by the SDK
 * before it expires, so STS is called once per account per session, whatever the regions; the
 * session is issued by the regional STS endpoint of the settings' STS region (the first configured
 * region), else of the first region that needs it.
 */
public final class EcrClientFactory implements AutoCloseable {
  /** Stands for the account id in a role ARN, for one role per account. */
  public static final String REGISTRY_ID_PLACEHOLDER = "{registryId}";

  private final AwsSettings settings;
  private final ApiCallListener apiCalls;
  private final CredentialsProviders.Base base;
  private final AwsCredentialsProvider baseCredentials;
  private final Map<String, EcrClient> clients = new ConcurrentHashMap<>();
  private final Map<String, StsAssumeRoleCredentialsProvider> sessions = new ConcurrentHashMap<>();
  private final Map<String, StsClient> stsClients = new ConcurrentHashMap<>();

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
   * Forgets the client of {@code registry} and the assumed-role credentials it signs with, so the
   * next call assumes the role again. For when AWS says those credentials expired although the
   * SDK's provider, going by the local clock, would keep them for minutes more (a worker clock
   * behind AWS's, a session cut short). Base credentials refresh by their own provider.
   */
  public void renewCredentials(Registry registry) {
    String roleArn = roleArnFor(registry);
    if (roleArn == null) {
      return;
    }
    StsAssumeRoleCredentialsProvider session = sessions.remove(roleArn);
    // The clients of every region sign with the session: they go with it.
    clients.entrySet().removeIf(
        entry -> {
          if (!entry.getKey().endsWith("|" + roleArn)) {
            return false;
          }
          entry.getValue().close();
          return true;
        });
    closeQuietly(session);
  }

  private static void closeQuietly(AutoCloseable resource) {
    if (resource == null) {
      return;
    }
    try {
      resource.close();
    } catch (Exception e) {
      // best effort: a new client replaces it
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
                overrides().toBuilder().addExecutionInterceptor(new ApiCallCounter(apiCalls)).build());
    if (settings.ecrEndpoint() != null) {
      builder.endpointOverride(settings.ecrEndpoint());
    }
    return builder.build();
  }

  private AwsCredentialsProvider credentialsFor(String region, String roleArn) {
    if (roleArn == null) {
      return baseCredentials;
    }
    StsAssumeRoleCredentialsProvider session =
        sessions.computeIfAbsent(
            roleArn,
            arn ->
                newSession(
                    stsClient(settings.stsRegion() == null ? region : settings.stsRegion()), arn));
    // A view without close(): the session outlives the client of any one region.
    return session::resolveCredentials;
  }

  private StsAssumeRoleCredentialsProvider newSession(StsClient sts, String roleArn) {
    return StsAssumeRoleCredentialsProvider.builder()
        .stsClient(sts)
        .refreshRequest(
            request -> {
              request.roleArn(roleArn).roleSessionName(settings.roleSessionName());
              if (settings.roleExternalId() != null) {
                request.externalId(settings.roleExternalId());
              }
            })
        .build();
  }

  /** One STS client per region, signed with the base credentials. */
  private StsClient stsClient(String region) {
    return stsClients.computeIfAbsent(
        region,
        r -> {
          StsClientBuilder sts =
              StsClient.builder()
                  .region(Region.of(r))
                  .httpClientBuilder(UrlConnectionHttpClient.builder())
                  .credentialsProvider(baseCredentials)
                  .overrideConfiguration(overrides());
          if (settings.stsEndpoint() != null) {
            sts.endpointOverride(settings.stsEndpoint());
          }
          return sts.build();
        });
  }

  private ClientOverrideConfiguration overrides() {
    return ClientOverrides.of(settings);
  }

  @Override
  public void close() {
    clients.values().forEach(EcrClient::close);
    clients.clear();
    sessions.values().forEach(EcrClientFactory::closeQuietly);
    sessions.clear();
    stsClients.values().forEach(EcrClientFactory::closeQuietly);
    stsClients.clear();
    base.closeIfOwned();
  }
}
