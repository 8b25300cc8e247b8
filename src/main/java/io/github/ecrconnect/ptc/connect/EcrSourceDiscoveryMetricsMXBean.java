package io.github.ecrconnect.ptc.connect;

/**
 * The JMX view of the connector's discovery (aws.ecr.registry.ids=organization, aws.regions=all),
 * registered as {@value TaskMetrics#DOMAIN}:type=discovery-metrics,connector=&lt;name&gt; while the
 * connector runs on this worker.
 */
public interface EcrSourceDiscoveryMetricsMXBean {
  /** Discoveries run since the connector started, failed ones included. */
  long getTotalNumberOfDiscoveries();

  /** Discoveries that failed, or could not read the regions of some account. */
  long getTotalNumberOfDiscoveryErrors();

  /** Registries the tasks read now (the last set found). */
  int getNumberOfRegistriesDiscovered();

  /** Accounts whose enabled regions the last discovery could not read. */
  int getNumberOfAccountsFailing();

  /** Age of the last discovery that fully succeeded (from the connector's start if none did). */
  long getMilliSecondsSinceLastSuccessfulDiscovery();
}
