package io.github.ecrconnect.ptc.connect;

/**
 * The JMX view of one task, registered as {@value TaskMetrics#DOMAIN}:type=task-metrics,
 * connector=&lt;name&gt;,task=&lt;id&gt;. Names follow Debezium's habits; counters are totals since
 * the task started.
 */
public interface EcrSourceTaskMetricsMXBean {
  /** Registry polls attempted (one per registry per interval, retries included). */
  long getTotalNumberOfPolls();

  /** Registry polls whose listing failed (retriable or not). */
  long getTotalNumberOfPollErrors();

  /** HTTP attempts of DescribePullThroughCacheRules (and STS) the SDK made, retries included. */
  long getTotalNumberOfApiCalls();

  /** API attempts answered with throttling. */
  long getTotalNumberOfThrottledApiCalls();

  /** Duration of the last registry poll, listing and diff included. */
  long getLastPollDurationMs();

  /**
   * Age of the oldest last successful poll across the task's registries (a registry that never
   * succeeded counts from the task's start): how stale the stalest registry is.
   */
  long getMilliSecondsSinceLastSuccessfulPoll();

  /** Rules in the task's current snapshots. */
  long getNumberOfRulesTracked();

  long getTotalNumberOfReadEventsSeen();

  long getTotalNumberOfCreateEventsSeen();

  long getTotalNumberOfUpdateEventsSeen();

  long getTotalNumberOfDeleteEventsSeen();

  /** Heartbeat records written (periodic ones and state-only ones). */
  long getTotalNumberOfHeartbeats();

  int getNumberOfRegistriesAssigned();

  /** Registries whose last listing failed and that are waiting to retry. */
  int getNumberOfRegistriesFailing();
}
