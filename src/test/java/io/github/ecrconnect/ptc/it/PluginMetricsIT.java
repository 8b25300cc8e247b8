package io.github.ecrconnect.ptc.it;

import static io.github.ecrconnect.ptc.it.ItSupport.TIMEOUT;
import static io.github.ecrconnect.ptc.it.ItSupport.US;
import static io.github.ecrconnect.ptc.it.ItSupport.await;
import static io.github.ecrconnect.ptc.it.ItSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The task's and the discovery's metrics reach Connect's own metrics (KIP-877) on workers that
 * offer them (Kafka 4.1+), in group {@code plugins} with the worker's connector (and task) tags,
 * and stay on the JMX MBeans on every worker. Runs on each test kit of the compatibility matrix:
 * 3.7 and 3.9 show the MBeans only, 4.3 both.
 */
class PluginMetricsIT {
  private static final String CONNECTOR = "plugin-metrics";
  private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

  private static ConnectTestCluster cluster;
  private static FakeEcrServer ecr;

  @BeforeAll
  static void start() {
    ecr = FakeEcrServer.start();
    cluster = ConnectTestCluster.start("ecr-plugin-metrics", 1);
  }

  @AfterAll
  static void stop() {
    cluster.close();
    ecr.close();
  }

  @Test
  void theTaskMetricsAreConnectPluginMetricsWhereTheWorkerHasThem() throws Exception {
    String account = "500000000001";
    ecr.put(US, account, rule("docker-hub"));
    cluster
        .connect()
        .configureConnector(
            CONNECTOR, ItSupport.connectorConfig(ecr, "plugin-metrics-rules", account, "secret"));
    cluster.reader("plugin-metrics-rules").awaitCount(1, TIMEOUT);

    ObjectName own =
        new ObjectName(
            "io.github.ecrconnect.ecr.ptc:type=task-metrics,connector=" + CONNECTOR + ",task=0");
    ObjectName plugin =
        new ObjectName("kafka.connect:type=plugins,connector=" + CONNECTOR + ",task=0");
    await(() -> JMX.isRegistered(own), "the task's MBean");
    assertThat((Long) JMX.getAttribute(own, "TotalNumberOfPolls")).isPositive();

    if (workerOffersPluginMetrics()) {
      await(() -> JMX.isRegistered(plugin), "the task's metrics among Connect's plugin metrics");
      await(() -> pollsTotal(plugin) >= 1, "polls-total counted");
      assertThat(attributes(plugin))
          .as("one Connect metric per attribute of the task's MBean")
          .hasSameSizeAs(attributes(own))
          .contains("polls-total", "registries-failing", "ms-since-last-successful-poll");
      assertThat(((Number) JMX.getAttribute(plugin, "registries-assigned")).longValue())
          .isEqualTo(1L);
    } else {
      assertThat(JMX.queryNames(new ObjectName("kafka.connect:type=plugins,*"), null))
          .as("a worker before KIP-877 has no plugin metrics")
          .isEmpty();
    }

    cluster.connect().deleteConnector(CONNECTOR);
    await(
        () -> !JMX.isRegistered(own) && !JMX.isRegistered(plugin), "metrics removed with the task");
  }

  @Test
  void theDiscoveryMetricsAreConnectPluginMetricsOfTheConnector() throws Exception {
    String connector = "plugin-metrics-organization";
    String management = "500000000010";
    String key = "AKIDPLUGINMETRICS";
    ecr.setAccount(key, management);
    ecr.organization().setDefaultRegions(List.of(US));
    ecr.organization().create(management).addAccount("500000000011");
    ecr.put(US, "500000000011", rule("quay"));
    Map<String, String> props =
        ItSupport.connectorConfig(ecr, "plugin-metrics-organization", "organization", "secret");
    props.put("aws.access.key.id", key);
    props.put("aws.regions", "all");
    props.put("aws.sts.role.arn", "arn:aws:iam::{registryId}:role/ecr-reader");
    props.put("aws.sts.endpoint", ecr.endpoint().toString());
    props.put("aws.organizations.endpoint", ecr.endpoint().toString());
    props.put("aws.account.endpoint", ecr.endpoint().toString());
    cluster.connect().configureConnector(connector, props);
    cluster.reader("plugin-metrics-organization").awaitCount(1, TIMEOUT);

    ObjectName own =
        new ObjectName(
            "io.github.ecrconnect.ecr.ptc:type=discovery-metrics,connector=" + connector);
    ObjectName plugin = new ObjectName("kafka.connect:type=plugins,connector=" + connector);
    await(() -> JMX.isRegistered(own), "the discovery's MBean");
    assertThat((Integer) JMX.getAttribute(own, "NumberOfRegistriesDiscovered")).isEqualTo(2);

    if (workerOffersPluginMetrics()) {
      await(() -> JMX.isRegistered(plugin), "the discovery among Connect's plugin metrics");
      assertThat(attributes(plugin))
          .as("one Connect metric per attribute of the discovery's MBean")
          .hasSameSizeAs(attributes(own))
          .contains("registries-discovered", "accounts-failing", "discoveries-total");
      assertThat(((Number) JMX.getAttribute(plugin, "registries-discovered")).longValue())
          .as("the management account and its member, in one region")
          .isEqualTo(2L);
    } else {
      assertThat(JMX.isRegistered(plugin)).isFalse();
    }

    cluster.connect().deleteConnector(connector);
    await(
        () -> !JMX.isRegistered(own) && !JMX.isRegistered(plugin),
        "metrics removed with the connector");
  }

  private static boolean workerOffersPluginMetrics() {
    return Arrays.stream(SourceTaskContext.class.getMethods())
        .anyMatch(m -> m.getName().equals("pluginMetrics"));
  }

  private static double pollsTotal(ObjectName name) {
    try {
      return ((Number) JMX.getAttribute(name, "polls-total")).doubleValue();
    } catch (JMException e) {
      return -1;
    }
  }

  private static Set<String> attributes(ObjectName name) throws JMException {
    return Arrays.stream(JMX.getMBeanInfo(name).getAttributes())
        .map(MBeanAttributeInfo::getName)
        .collect(Collectors.toSet());
  }
}
