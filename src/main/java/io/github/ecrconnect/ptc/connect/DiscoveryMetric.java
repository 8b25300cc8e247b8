package io.github.ecrconnect.ptc.connect;

import java.util.List;

/**
 * Each metric of the connector's discovery, once: its JMX attribute on the discovery MBean ({@link
 * EcrSourceDiscoveryMetricsMXBean}), its name among Connect's own plugin metrics, and what it
 * means. The monitoring examples in docs/monitoring/ are checked against this list.
 */
final class DiscoveryMetric {
  static final List<MetricDefinition<EcrSourceDiscoveryMetricsMXBean>> ALL =
      List.of(
          new MetricDefinition<>(
              "TotalNumberOfDiscoveries",
              "discoveries-total",
              "Discoveries run since the connector started, failed ones included.",
              EcrSourceDiscoveryMetricsMXBean::getTotalNumberOfDiscoveries),
          new MetricDefinition<>(
              "TotalNumberOfDiscoveryErrors",
              "discovery-errors-total",
              "Discoveries that failed, or could not read the regions of some account.",
              EcrSourceDiscoveryMetricsMXBean::getTotalNumberOfDiscoveryErrors),
          new MetricDefinition<>(
              "NumberOfRegistriesDiscovered",
              "registries-discovered",
              "Registries the tasks read now (the last set found).",
              EcrSourceDiscoveryMetricsMXBean::getNumberOfRegistriesDiscovered),
          new MetricDefinition<>(
              "NumberOfAccountsFailing",
              "accounts-failing",
              "Accounts whose enabled regions the last discovery could not read.",
              EcrSourceDiscoveryMetricsMXBean::getNumberOfAccountsFailing),
          new MetricDefinition<>(
              "MilliSecondsSinceLastSuccessfulDiscovery",
              "ms-since-last-successful-discovery",
              "Age of the last discovery that fully succeeded (from the connector's start if none did).",
              EcrSourceDiscoveryMetricsMXBean::getMilliSecondsSinceLastSuccessfulDiscovery));

  private DiscoveryMetric() {}
}
