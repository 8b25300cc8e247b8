package io.github.ecrconnect.ptc.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Each metric of the connector's discovery, once: its JMX attribute on the discovery MBean ({@link
 * EcrSourceDiscoveryMetricsMXBean}), its name among Connect's own plugin metrics, and what it
 * means. The monitoring examples in docs/monitoring/ are checked against this list.
 */
enum DiscoveryMetric {
  DISCOVERIES(
      "TotalNumberOfDiscoveries",
      "discoveries-total",
      "Discoveries run since the connector started, failed ones included.",
      EcrSourceDiscoveryMetricsMXBean::getTotalNumberOfDiscoveries),
  DISCOVERY_ERRORS(
      "TotalNumberOfDiscoveryErrors",
      "discovery-errors-total",
      "Discoveries that failed, or could not read the regions of some account.",
      EcrSourceDiscoveryMetricsMXBean::getTotalNumberOfDiscoveryErrors),
  REGISTRIES_DISCOVERED(
      "NumberOfRegistriesDiscovered",
      "registries-discovered",
      "Registries the tasks read now (the last set found).",
      EcrSourceDiscoveryMetricsMXBean::getNumberOfRegistriesDiscovered),
  ACCOUNTS_FAILING(
      "NumberOfAccountsFailing",
      "accounts-failing",
      "Accounts whose enabled regions the last discovery could not read.",
      EcrSourceDiscoveryMetricsMXBean::getNumberOfAccountsFailing),
  SINCE_LAST_SUCCESSFUL_DISCOVERY(
      "MilliSecondsSinceLastSuccessfulDiscovery",
      "ms-since-last-successful-discovery",
      "Age of the last discovery that fully succeeded (from the connector's start if none did).",
      EcrSourceDiscoveryMetricsMXBean::getMilliSecondsSinceLastSuccessfulDiscovery);

  private final String jmxAttribute;
  private final String connectName;
  private final String description;
  private final ToLongFunction<EcrSourceDiscoveryMetricsMXBean> reader;

  DiscoveryMetric(
      String jmxAttribute,
      String connectName,
      String description,
      ToLongFunction<EcrSourceDiscoveryMetricsMXBean> reader) {
    this.jmxAttribute = jmxAttribute;
    this.connectName = connectName;
    this.description = description;
    this.reader = reader;
  }

  String jmxAttribute() {
    return jmxAttribute;
  }

  String connectName() {
    return connectName;
  }

  /** Every metric, reading {@code metrics}, for Connect's plugin metrics. */
  static List<ConnectPluginMetrics.Metric> of(EcrSourceDiscoveryMetricsMXBean metrics) {
    List<ConnectPluginMetrics.Metric> all = new ArrayList<>();
    for (DiscoveryMetric metric : values()) {
      all.add(
          new ConnectPluginMetrics.Metric(
              metric.connectName, metric.description, () -> metric.reader.applyAsLong(metrics)));
    }
    return all;
  }
}
