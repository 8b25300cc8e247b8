package io.github.ecrconnect.ptc.aws;

import io.github.ecrconnect.ptc.core.ApiCallListener;
import io.github.ecrconnect.ptc.core.Registry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.EcrClientBuilder;

/**
 * Makes a task's ECR clients: one per region, shared by every registry of the region, whatever
 * credentials they are read with, so a task's clients, threads and connections do not grow with its
 * registries. A registry read through a role names its credentials per request ({@link
 * #credentialsFor}). An assumed role is one session shared by every region it is used in (STS calls
 * per account are bounded by the session duration, not by regions), assumed through the regional
 * STS endpoint of the settings' STS region (the first configured region), else of the first region
 * that needs it. Each client has the settings' timeouts and the SDK's standard retry strategy
 * (jittered exponential backoff, also for an endpoint override).
 */
public final class EcrClientFactory implements AutoCloseable {
  /** Stands for the account id in a role ARN, for one role per account. */
  public static final String REGISTRY_ID_PLACEHOLDER = "{registryId}";

  private final AwsSettings settings;
  private final ApiCallListener apiCalls;
  private final SdkResources resources;
  private final RoleSessions sessions;
  private final Map<String, EcrClient> clients = new ConcurrentHashMap<>();

  public EcrClientFactory(AwsSettings settings, ApiCallListener apiCalls) {
    this.settings = settings;
    this.apiCalls = apiCalls;
    this.resources = new SdkResources(settings);
    this.sessions = new RoleSessions(settings, settings.stsRegion(), resources, apiCalls);
  }

  /** The client of {@code registry}'s region, created on first use. */
  public EcrClient clientFor(Registry registry) {
    return clients.computeIfAbsent(registry.region(), this::newClient);
  }

  /**
   * The credentials to name in {@code registry}'s requests, or null for the client's own (the base
   * credentials).
   *
   * @throws IllegalArgumentException if the role template needs an account id the registry lacks
   */
  public AwsCredentialsProvider credentialsFor(Registry registry) {
    String roleArn = roleArnFor(registry);
    return roleArn == null ? null : sessions.forRole(roleArn, registry.region());
  }

  /**
   * Forgets the assumed-role session of {@code registry}, in every region, so the next call assumes
   * the role again. For when AWS says those credentials expired although the SDK's provider, going
   * by the local clock, would keep them for minutes more (a worker clock behind AWS's, a session
   * cut short). Base credentials refresh by their own provider.
   */
  public void renewCredentials(Registry registry) {
    sessions.renewRole(roleArnFor(registry));
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
    return RoleSessions.roleArn(template, registry.registryIdOrNull());
  }

  private EcrClient newClient(String region) {
    EcrClientBuilder builder =
        resources
            .configure(EcrClient.builder(), apiCalls)
            .region(Region.of(region))
            .credentialsProvider(sessions.baseCredentials());
    if (settings.ecrEndpoint() != null) {
      builder.endpointOverride(settings.ecrEndpoint());
    }
    return builder.build();
  }

  @Override
  public void close() {
    clients.values().forEach(EcrClient::close);
    clients.clear();
    sessions.close();
    resources.close();
  }
}
