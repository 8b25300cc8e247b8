package io.github.ecrconnect.ptc.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Each metric of a task, once: its JMX attribute on the task's MBean ({@link
 * EcrSourceTaskMetricsMXBean}), its name among Connect's own plugin metrics (kebab-case, as Kafka's
 * metrics are named), and what it means. The monitoring examples in docs/monitoring/ are checked
 * against this list.
 */
enum TaskMetric {
  POLLS(
      "TotalNumberOfPolls",
      "polls-total",
      "Registry polls attempted (one per registry per interval, retries included).",
      EcrSourceTaskMetricsMXBean::getTotalNumberOfPolls),
  POLL_ERRORS(
      "TotalNumberOfPollErrors",
      "poll-errors-total",
      "Registry polls whose listing failed; nothing was emitted for them.",
      EcrSourceTaskMetricsMXBean::getTotalNumberOfPollErrors),
  API_CALLS(
      "TotalNumberOfApiCalls",
      "api-calls-total",
      "HTTP attempts to ECR and STS, SDK retries included.",
      EcrSourceTaskMetricsMXBean::getTotalNumberOfApiCalls),
  THROTTLED_API_CALLS(
      "TotalNumberOfThrottledApiCalls",
      "throttled-api-calls-total",
      "API attempts that AWS answered with throttling.",
      EcrSourceTaskMetricsMXBean::getTotalNumberOfThrottledApiCalls),
  LAST_POLL_DURATION(
      "LastPollDurationMs",
      "last-poll-duration-ms",
      "Duration of the last registry poll, listing and diff included.",
      EcrSourceTaskMetricsMXBean::getLastPollDurationMs),
  SINCE_LAST_SUCCESSFUL_POLL(
      "MilliSecondsSinceLastSuccessfulPoll",
      "ms-since-last-successful-poll",
      "Age of the stalest registry's last successful poll (from the task's start if none).",
      EcrSourceTaskMetricsMXBean::getMilliSecondsSinceLastSuccessfulPoll),
  RULES_TRACKED(
      "NumberOfRulesTracked",
      "rules-tracked",
      "Rules in the task's current snapshots.",
      EcrSourceTaskMetricsMXBean::getNumberOfRulesTracked),
  READ_EVENTS(
      "TotalNumberOfReadEventsSeen",
      "read-events-total",
      "Snapshot ('r') events emitted.",
      EcrSourceTaskMetricsMXBean::getTotalNumberOfReadEventsSeen),
  CREATE_EVENTS(
      "TotalNumberOfCreateEventsSeen",
      "create-events-total",
      "Create ('c') events emitted.",
      EcrSourceTaskMetricsMXBean::getTotalNumberOfCreateEventsSeen),
  UPDATE_EVENTS(
      "TotalNumberOfUpdateEventsSeen",
      "update-events-total",
      "Update ('u') events emitted.",
      EcrSourceTaskMetricsMXBean::getTotalNumberOfUpdateEventsSeen),
  DELETE_EVENTS(
      "TotalNumberOfDeleteEventsSeen",
      "delete-events-total",
      "Delete ('d') events emitted.",
      EcrSourceTaskMetricsMXBean::getTotalNumberOfDeleteEventsSeen),
  HEARTBEATS(
      "TotalNumberOfHeartbeats",
      "heartbeats-total",
      "Heartbeat records written (periodic ones and state-only ones).",
      EcrSourceTaskMetricsMXBean::getTotalNumberOfHeartbeats),
  REGISTRIES_ASSIGNED(
      "NumberOfRegistriesAssigned",
      "registries-assigned",
      "Registries this task reads.",
      EcrSourceTaskMetricsMXBean::getNumberOfRegistriesAssigned),
  REGISTRIES_FAILING(
      "NumberOfRegistriesFailing",
      "registries-failing",
      "Registries whose last listing failed and that wait to retry.",
      EcrSourceTaskMetricsMXBean::getNumberOfRegistriesFailing);

  private final String jmxAttribute;
  private final String connectName;
  private final String description;
  private final ToLongFunction<EcrSourceTaskMetricsMXBean> reader;

  TaskMetric(
      String jmxAttribute,
      String connectName,
      String description,
      ToLongFunction<EcrSourceTaskMetricsMXBean> reader) {
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
  static List<ConnectPluginMetrics.Metric> of(EcrSourceTaskMetricsMXBean metrics) {
    List<ConnectPluginMetrics.Metric> all = new ArrayList<>();
    for (TaskMetric metric : values()) {
      all.add(
          new ConnectPluginMetrics.Metric(
              metric.connectName, metric.description, () -> metric.reader.applyAsLong(metrics)));
    }
    return all;
  }
}
