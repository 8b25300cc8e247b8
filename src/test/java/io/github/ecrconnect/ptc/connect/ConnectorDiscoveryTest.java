package io.github.ecrconnect.ptc.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.github.ecrconnect.ptc.core.DiscoveryException;
import io.github.ecrconnect.ptc.core.Registry;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.JMException;
import javax.management.ObjectName;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceConnectorContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connector with discovery: it starts with the registries found, asks Connect to reassign the
 * tasks when they change, assigns the current ones (an account's together), and stops its thread in
 * stop().
 */
class ConnectorDiscoveryTest {
  private static final String A = "111111111111";
  private static final String B = "222222222222";
  private static final String C = "333333333333";

  private final List<String> members = new CopyOnWriteArrayList<>(List.of(A, B));
  private final Map<String, List<String>> regions = new ConcurrentHashMap<>();
  private final AtomicInteger reconfigurations = new AtomicInteger();
  private final AtomicBoolean sourcesClosed = new AtomicBoolean();
  private final AtomicInteger accountCalls = new AtomicInteger();
  private volatile DiscoveryException accountFailure;
  private EcrPullThroughCacheSourceConnector connector;

  private EcrPullThroughCacheSourceConnector connector() {
    connector =
        new EcrPullThroughCacheSourceConnector(
            config ->
                new ScopeSources() {
                  @Override
                  public List<String> activeAccounts() throws DiscoveryException {
                    accountCalls.incrementAndGet();
                    if (accountFailure != null) {
                      throw accountFailure;
                    }
                    return List.copyOf(members);
                  }

                  @Override
                  public List<String> enabledRegions(String accountId) {
                    return regions.getOrDefault(accountId, List.of("us-east-1"));
                  }

                  @Override
                  public void close() {
                    sourcesClosed.set(true);
                  }
                });
    // A proxy: the context interface gains methods across Kafka versions (pluginMetrics in 4.1).
    connector.initialize(
        (SourceConnectorContext)
            Proxy.newProxyInstance(
                SourceConnectorContext.class.getClassLoader(),
                new Class<?>[] {SourceConnectorContext.class},
                (proxy, method, args) -> {
                  switch (method.getName()) {
                    case "requestTaskReconfiguration":
                      reconfigurations.incrementAndGet();
                      return null;
                    case "raiseError":
                      throw new AssertionError("the connector must not fail", (Exception) args[0]);
                    default:
                      return null;
                  }
                }));
    return connector;
  }

  private static Map<String, String> props(String regions, String interval) {
    Map<String, String> props = new HashMap<>();
    props.put("name", "org");
    props.put("topic", "rules");
    props.put("aws.regions", regions);
    props.put("aws.ecr.registry.ids", "organization");
    props.put("discovery.interval.ms", interval);
    props.put("aws.access.key.id", "AKID");
    props.put("aws.secret.access.key", "secret");
    return props;
  }

  @AfterEach
  void stop() {
    if (connector != null) {
      connector.stop();
    }
  }

  private static Set<String> assigned(List<Map<String, String>> configs) {
    Set<String> registries = new TreeSet<>();
    for (Map<String, String> config : configs) {
      new EcrSourceTaskConfig(config)
          .assignedRegistries()
          .forEach(r -> registries.add(r.toString()));
    }
    return registries;
  }

  @Test
  void startsWithTheRegistriesFoundAndAssignsAnAccountsTogether() {
    connector().start(props("us-east-1,eu-west-1", "3600000"));

    List<Map<String, String>> configs = connector.taskConfigs(2);

    assertThat(configs).hasSize(2);
    assertThat(new EcrSourceTaskConfig(configs.get(0)).assignedRegistries())
        .containsExactlyInAnyOrder(Registry.of(A, "us-east-1"), Registry.of(A, "eu-west-1"));
    assertThat(assigned(configs))
        .containsExactly(A + "@eu-west-1", A + "@us-east-1", B + "@eu-west-1", B + "@us-east-1");
  }

  @Test
  void aChangeFoundLaterAsksConnectToReassignTheTasks() {
    connector().start(props("all", "10"));
    assertThat(assigned(connector.taskConfigs(2)))
        .containsExactly(A + "@us-east-1", B + "@us-east-1");

    members.add(C);
    regions.put(A, List.of("us-east-1", "ap-east-1"));
    members.remove(B);
    awaitUntil(() -> assigned(connector.taskConfigs(2)).size() == 3, "the new set");

    assertThat(reconfigurations.get()).isGreaterThanOrEqualTo(1);
    assertThat(assigned(connector.taskConfigs(2)))
        .containsExactly(A + "@ap-east-1", A + "@us-east-1", C + "@us-east-1");
  }

  @Test
  void aFailedRediscoveryKeepsTheTasksAndNeverFailsTheConnector() {
    connector().start(props("us-east-1", "10"));
    accountFailure = DiscoveryException.fatal("AccessDenied", null);
    int before = reconfigurations.get();
    int calls = accountCalls.get();

    members.add(C);
    awaitUntil(() -> accountCalls.get() >= calls + 3, "three failed discoveries");

    assertThat(assigned(connector.taskConfigs(2)))
        .containsExactly(A + "@us-east-1", B + "@us-east-1");
    assertThat(reconfigurations.get()).isEqualTo(before);
    assertThat(metric("NumberOfRegistriesDiscovered")).isEqualTo(2);
    assertThat((Long) metric("TotalNumberOfDiscoveryErrors")).isGreaterThanOrEqualTo(3L);
    assertThat((Long) metric("TotalNumberOfDiscoveries")).isGreaterThan(3L);

    connector.stop();
    assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(metricsName())).isFalse();
  }

  private static ObjectName metricsName() {
    try {
      return new ObjectName("io.github.ecrconnect.ecr.ptc:type=discovery-metrics,connector=org");
    } catch (JMException e) {
      throw new AssertionError(e);
    }
  }

  private static Object metric(String attribute) {
    try {
      return ManagementFactory.getPlatformMBeanServer().getAttribute(metricsName(), attribute);
    } catch (JMException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aRefusedFirstDiscoveryFailsTheStartWithWhatToFix() {
    accountFailure =
        DiscoveryException.fatal("Grant the IAM action organizations:ListAccounts", null);

    assertThatExceptionOfType(ConnectException.class)
        .isThrownBy(() -> connector().start(props("us-east-1", "3600000")))
        .withMessageContaining("organizations:ListAccounts");
    assertThat(sourcesClosed).isTrue();
  }

  @Test
  void stopEndsTheDiscoveryThreadAndClosesTheClients() {
    connector().start(props("us-east-1", "10"));
    connector.stop();

    assertThat(sourcesClosed).isTrue();
    assertThat(DiscoveryLoopTest.threadEnds("ecr-ptc-discovery-org"))
        .as("the discovery thread ended")
        .isTrue();
  }

  @Test
  void roleSessionsComeFromTheFirstConfiguredRegion() {
    Map<String, String> props = props("eu-west-1,ap-east-1", "10");
    assertThat(new EcrSourceConfig(props).awsSettings().stsRegion()).isEqualTo("eu-west-1");
    assertThat(new EcrSourceConfig(props).homeRegion()).isEqualTo("eu-west-1");

    props.put("aws.regions", "all");
    assertThat(new EcrSourceConfig(props).awsSettings().stsRegion())
        .isEqualTo(new EcrSourceConfig(props).homeRegion())
        .isNotEqualTo("all");
  }

  @Test
  void fixedRegistriesNeedNoDiscovery() {
    Map<String, String> props = props("us-east-1", "10");
    props.put("aws.ecr.registry.ids", A + "," + B);
    connector().start(props);

    assertThat(assigned(connector.taskConfigs(1)))
        .containsExactly(A + "@us-east-1", B + "@us-east-1");
    assertThat(DiscoveryLoopTest.threadEnds("ecr-ptc-discovery-org"))
        .as("no discovery thread runs")
        .isTrue();
  }

  private static void awaitUntil(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(10); // the polling step of a deadline-bounded wait
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
