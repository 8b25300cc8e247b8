package io.github.ecrconnect.ptc.connect;

import java.util.List;

/**
 * Each metric of a task, once: its JMX attribute on the task's MBean ({@link
 * EcrSourceTaskMetricsMXBean}), its name among Connect's own plugin metrics, and what it means. The
 * monitoring examples in docs/monitoring/ are checked against this list.
 */
final class TaskMetric {
  static final List<MetricDefinition<EcrSourceTaskMetricsMXBean>> ALL =
      List.of(
          new MetricDefinition<>(
              "TotalNumberOfPolls",
              "polls-total",
              "Registry polls attempted (one per registry per interval, retries included).",
              EcrSourceTaskMetricsMXBean::getTotalNumberOfPolls),
          new MetricDefinition<>(
              "TotalNumberOfPollErrors",
              "poll-errors-total",
              "Registry polls whose listing failed; nothing was emitted for them.",
              EcrSourceTaskMetricsMXBean::getTotalNumberOfPollErrors),
          new MetricDefinition<>(
              "TotalNumberOfApiCalls",
              "api-calls-total",
              "HTTP attempts to ECR and STS, SDK retries included.",
              EcrSourceTaskMetricsMXBean::getTotalNumberOfApiCalls),
          new MetricDefinition<>(
              "TotalNumberOfThrottledApiCalls",
              "throttled-api-calls-total",
              "API attempts that AWS answered with throttling.",
              EcrSourceTaskMetricsMXBean::getTotalNumberOfThrottledApiCalls),
          new MetricDefinition<>(
              "LastPollDurationMs",
              "last-poll-duration-ms",
              "Duration of the last registry poll, listing and diff included.",
              EcrSourceTaskMetricsMXBean::getLastPollDurationMs),
          new MetricDefinition<>(
              "MilliSecondsSinceLastSuccessfulPoll",
              "ms-since-last-successful-poll",
              "Age of the stalest registry's last successful poll (from the task's start if none).",
              EcrSourceTaskMetricsMXBean::getMilliSecondsSinceLastSuccessfulPoll),
          new MetricDefinition<>(
              "NumberOfRulesTracked",
              "rules-tracked",
              "Rules in the task's current snapshots.",
              EcrSourceTaskMetricsMXBean::getNumberOfRulesTracked),
          new MetricDefinition<>(
              "TotalNumberOfReadEventsSeen",
              "read-events-total",
              "Snapshot ('r') events emitted.",
              EcrSourceTaskMetricsMXBean::getTotalNumberOfReadEventsSeen),
          new MetricDefinition<>(
              "TotalNumberOfCreateEventsSeen",
              "create-events-total",
              "Create ('c') events emitted.",
              EcrSourceTaskMetricsMXBean::getTotalNumberOfCreateEventsSeen),
          new MetricDefinition<>(
              "TotalNumberOfUpdateEventsSeen",
              "update-events-total",
              "Update ('u') events emitted.",
              EcrSourceTaskMetricsMXBean::getTotalNumberOfUpdateEventsSeen),
          new MetricDefinition<>(
              "TotalNumberOfDeleteEventsSeen",
              "delete-events-total",
              "Delete ('d') events emitted.",
              EcrSourceTaskMetricsMXBean::getTotalNumberOfDeleteEventsSeen),
          new MetricDefinition<>(
              "TotalNumberOfHeartbeats",
              "heartbeats-total",
              "Heartbeat records written (periodic ones and state-only ones).",
              EcrSourceTaskMetricsMXBean::getTotalNumberOfHeartbeats),
          new MetricDefinition<>(
              "NumberOfRegistriesAssigned",
              "registries-assigned",
              "Registries this task reads.",
              EcrSourceTaskMetricsMXBean::getNumberOfRegistriesAssigned),
          new MetricDefinition<>(
              "NumberOfRegistriesFailing",
              "registries-failing",
              "Registries whose last listing failed and that wait to retry.",
              EcrSourceTaskMetricsMXBean::getNumberOfRegistriesFailing));

  private TaskMetric() {}
}
