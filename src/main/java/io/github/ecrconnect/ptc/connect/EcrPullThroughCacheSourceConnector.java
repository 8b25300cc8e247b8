package io.github.ecrconnect.ptc.connect;

import io.github.ecrconnect.ptc.core.Backoff;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RegistryScope;
import io.github.ecrconnect.ptc.core.ScopeDiscovery;
import io.github.ecrconnect.ptc.core.TaskAssignment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.ConnectorContext;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Source connector for Amazon ECR pull-through cache rules. Expands regions x registry ids into
 * registries (or discovers them: aws.regions=all, aws.ecr.registry.ids=organization) and spreads
 * them over the tasks; the tasks do the polling.
 */
public class EcrPullThroughCacheSourceConnector extends SourceConnector {
  /**
   * Accounts whose regions one discovery reads at a time: 1,000 accounts take a tenth of a minute
   * rather than a minute, while staying far below the Account Management API's rate.
   */
  static final int PARALLEL_REGION_READS = 4;

  private final Function<EcrSourceConfig, ScopeSources> scopeSources;
  private Map<String, String> props;
  private volatile List<Registry> registries;
  private ScopeSources sources;
  private DiscoveryLoop discovery;

  /** Used by Connect. */
  public EcrPullThroughCacheSourceConnector() {
    this(config -> ScopeSources.aws(config.awsSettings(), config.homeRegion()));
  }

  /** For tests: any source of accounts and regions. */
  EcrPullThroughCacheSourceConnector(Function<EcrSourceConfig, ScopeSources> scopeSources) {
    this.scopeSources = scopeSources;
  }

  @Override
  public String version() {
    return ConnectorVersion.get();
  }

  @Override
  public void start(Map<String, String> props) {
    this.props = new HashMap<>(props);
    EcrSourceConfig config;
    RegistryScope scope;
    try {
      config = new EcrSourceConfig(props);
      scope = config.registryScope();
    } catch (ConfigException e) {
      throw new ConnectException("Invalid configuration: " + e.getMessage(), e);
    }
    if (!scope.isDiscovered()) {
      registries = config.registries();
      return;
    }
    sources = scopeSources.apply(config);
    ScopeDiscovery scopeDiscovery =
        new ScopeDiscovery(scope, sources, sources, PARALLEL_REGION_READS);
    String name = String.valueOf(props.getOrDefault("name", "unnamed"));
    LongSupplier nowMs = () -> System.nanoTime() / 1_000_000;
    DiscoveryMetrics metrics = new DiscoveryMetrics(name, nowMs).register();
    ConnectPluginMetrics.publish(context, ConnectorContext.class, DiscoveryMetric.ALL, metrics);
    discovery =
        new DiscoveryLoop(
            name,
            scopeDiscovery::discover,
            config.discoveryInterval().toMillis(),
            new Backoff(
                config.retryBackoff().toMillis(),
                config.retryBackoffMax().toMillis(),
                new Random()),
            this::registriesChanged,
            nowMs,
            metrics);
    try {
      registries = discovery.start(DiscoveryLoop.START_TIMEOUT);
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  /** Called on the discovery thread when the registries found change. */
  private void registriesChanged() {
    registries = discovery.current();
    context().requestTaskReconfiguration();
  }

  @Override
  public Class<? extends Task> taskClass() {
    return EcrPullThroughCacheSourceTask.class;
  }

  /**
   * {@code min(maxTasks, registries)} tasks: round robin for a configured list (DESIGN.md);
   * contiguous runs with an account's registries together for registries found by discovery, so
   * that an account's regions share one task and its one role session there. See {@link
   * TaskAssignment}.
   */
  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Map<String, String>> configs = new ArrayList<>();
    for (List<Registry> assigned : assign(maxTasks)) {
      Map<String, String> taskProps = new HashMap<>(props);
      taskProps.put(EcrSourceTaskConfig.TASK_REGISTRIES, EcrSourceTaskConfig.encode(assigned));
      taskProps.put(EcrSourceTaskConfig.TASK_ID, String.valueOf(configs.size()));
      configs.add(taskProps);
    }
    return configs;
  }

  private List<List<Registry>> assign(int maxTasks) {
    return discovery == null
        ? TaskAssignment.roundRobin(registries, maxTasks)
        : TaskAssignment.groupsTogether(registries, maxTasks, Registry::registryIdOrNull);
  }

  /** Stops discovery promptly (an in-flight AWS call is interrupted). */
  @Override
  public void stop() {
    if (discovery != null) {
      discovery.close();
      discovery = null;
    }
    if (sources != null) {
      sources.close();
      sources = null;
    }
  }

  @Override
  public ConfigDef config() {
    return EcrSourceConfig.configDef();
  }

  /**
   * Per-key checks, then checks across keys, then creating the credentials provider class, then
   * (only if all passed) a warning about the heartbeat topic and a live call with the configured
   * credentials.
   */
  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config config = super.validate(connectorConfigs);
    Map<String, ConfigValue> byName = new LinkedHashMap<>();
    config.configValues().forEach(value -> byName.put(value.name(), value));
    CrossFieldChecks.apply(byName);
    CredentialsProviderCheck.apply(byName);
    DiscoveryChecks.apply(byName);
    if (hasNoErrors(config)) {
      try {
        EcrSourceConfig parsed = new EcrSourceConfig(connectorConfigs);
        HeartbeatTopicCheck.apply(parsed, connectorConfigs);
        if (DiscoveryChecks.discovers(byName)) {
          DiscoveryChecks.live(parsed, byName);
        } else {
          CredentialsCheck.apply(parsed, byName);
        }
      } catch (ConfigException e) {
        byName.get(EcrSourceConfig.REGIONS).addErrorMessage(e.getMessage());
      }
    }
    return config;
  }

  private static boolean hasNoErrors(Config config) {
    return config.configValues().stream().allMatch(value -> value.errorMessages().isEmpty());
  }

  /** Each registry's poll is one transaction, committed with its offset. */
  @Override
  public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
    return ExactlyOnceSupport.SUPPORTED;
  }

  @Override
  public ConnectorTransactionBoundaries canDefineTransactionBoundaries(
      Map<String, String> connectorConfig) {
    return ConnectorTransactionBoundaries.SUPPORTED;
  }

  /** Accepts offsets this connector could have written; a null offset resets a registry. */
  @Override
  public boolean alterOffsets(
      Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
    for (Map.Entry<Map<String, ?>, Map<String, ?>> entry : offsets.entrySet()) {
      try {
        SourceOffsets.registryOf(entry.getKey());
        SourceOffsets.state(entry.getValue());
      } catch (IllegalArgumentException e) {
        throw new ConnectException(
            "Offset for partition " + entry.getKey() + " rejected: " + e.getMessage(), e);
      }
    }
    return true;
  }
}
