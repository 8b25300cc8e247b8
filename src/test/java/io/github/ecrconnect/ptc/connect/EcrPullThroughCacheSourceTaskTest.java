package io.github.ecrconnect.ptc.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecrconnect.ptc.core.PullThroughCacheRule;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RuleListingException;
import io.github.ecrconnect.ptc.core.RuleSource;
import io.github.ecrconnect.ptc.testkit.LogCapture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EcrPullThroughCacheSourceTaskTest {
  private static final Registry REGISTRY = Registry.of("123456789012", "us-east-1");
  private static final long INTERVAL = 60_000;

  private final TaskHarness harness = new TaskHarness();
  private final Map<String, PullThroughCacheRule> rules = new TreeMap<>();
  private RuleListingException nextFailure;
  private final List<EcrPullThroughCacheSourceTask> started = new ArrayList<>();

  private final RuleSource source =
      registry -> {
        if (nextFailure != null) {
          RuleListingException failure = nextFailure;
          nextFailure = null;
          throw failure;
        }
        return new ArrayList<>(rules.values());
      };

  @AfterEach
  void stopTasks() {
    started.forEach(EcrPullThroughCacheSourceTask::stop);
  }

  private EcrPullThroughCacheSourceTask startTask(Map<String, String> overrides) {
    Map<String, String> props = new HashMap<>();
    props.put("topic", "rules");
    props.put("poll.interval.ms", String.valueOf(INTERVAL));
    props.put("aws.regions", "us-east-1");
    props.put("task.registries", REGISTRY.toString());
    props.putAll(overrides);
    EcrPullThroughCacheSourceTask task = harness.task((config, apiCalls) -> source);
    task.initialize(harness.context(props));
    task.start(props);
    started.add(task);
    return task;
  }

  private void put(String prefix, String credentialArn) {
    rules.put(
        prefix,
        PullThroughCacheRule.builder()
            .registryId("123456789012")
            .ecrRepositoryPrefix(prefix)
            .upstreamRegistryUrl("ghcr.io")
            .upstreamRegistry("github-container-registry")
            .credentialArn(credentialArn)
            .build());
  }

  private List<SourceRecord> pollAfterInterval(EcrPullThroughCacheSourceTask task)
      throws InterruptedException {
    harness.clock.advance(INTERVAL);
    List<SourceRecord> records = task.poll();
    return records == null ? List.of() : records;
  }

  private static List<String> ops(List<SourceRecord> records) {
    return records.stream()
        .map(r -> r.value() == null ? "tombstone" : ((Struct) r.value()).getString("op"))
        .collect(Collectors.toList());
  }

  @Test
  void emitsReadsThenOnlyChangesWithTheNewStateOnTheLastRecordOnly() throws Exception {
    put("a", "arn:1");
    put("b", "arn:1");
    EcrPullThroughCacheSourceTask task = startTask(Map.of());

    List<SourceRecord> first = task.poll();
    assertThat(ops(first)).containsExactly("r", "r");
    assertThat(first.get(0).sourceOffset()).as("state before the batch: none").isNull();
    assertThat(first.get(1).sourceOffset()).isNotNull();
    Struct key = (Struct) first.get(0).key();
    assertThat(key.getString("registryId")).isEqualTo("123456789012");
    assertThat(key.getString("region")).isEqualTo("us-east-1");
    assertThat(key.getString("ecrRepositoryPrefix")).isEqualTo("a");
    harness.commit(first);

    assertThat(pollAfterInterval(task)).as("quiet poll").isEmpty();

    put("b", "arn:2");
    put("c", "arn:1");
    rules.remove("a");
    List<SourceRecord> changes = pollAfterInterval(task);
    assertThat(ops(changes)).containsExactly("u", "c", "d", "tombstone");
    Struct update = (Struct) changes.get(0).value();
    assertThat(update.getArray("changedFields")).containsExactly("credentialArn");
    assertThat(update.getStruct("before").getString("credentialArn")).isEqualTo("arn:1");
    assertThat(update.getStruct("after").getString("credentialArn")).isEqualTo("arn:2");
    assertThat(changes.subList(0, 3))
        .allSatisfy(r -> assertThat(r.sourceOffset()).isEqualTo(first.get(1).sourceOffset()));
    assertThat(changes.get(3).sourceOffset()).isNotEqualTo(first.get(1).sourceOffset());
  }

  @Test
  void aRestartedTaskEmitsOnlyWhatChangedWhileItWasDown() throws Exception {
    put("kept", "arn:1");
    put("updated", "arn:1");
    put("deleted", "arn:1");
    EcrPullThroughCacheSourceTask task = startTask(Map.of());
    harness.commit(task.poll());
    task.stop();

    put("updated", "arn:2");
    rules.remove("deleted");
    EcrPullThroughCacheSourceTask restarted = startTask(Map.of("tombstones.on.delete", "false"));
    List<SourceRecord> records = restarted.poll();

    assertThat(ops(records)).containsExactly("u", "d");
    Struct update = (Struct) records.get(0).value();
    assertThat(update.getArray("changedFields")).containsExactly("credentialArn");
    assertThat(update.get("before")).as("old body is unknown after a restart").isNull();
    Struct delete = (Struct) records.get(1).value();
    assertThat(((Struct) records.get(1).key()).getString("ecrRepositoryPrefix"))
        .isEqualTo("deleted");
    assertThat(delete.getStruct("source").getString("registryId")).isEqualTo("123456789012");
  }

  @Test
  void retriableFailureEmitsNothingAndRetriesWithBackoff() throws Exception {
    put("a", "arn:1");
    EcrPullThroughCacheSourceTask task = startTask(Map.of("retry.backoff.ms", "1000"));
    harness.commit(task.poll());

    rules.clear();
    nextFailure = RuleListingException.throttled("Listing was throttled", null);
    assertThat(pollAfterInterval(task)).as("no false delete").isEmpty();

    harness.clock.advance(1_000);
    assertThat(ops(task.poll())).containsExactly("d", "tombstone");
  }

  @Test
  void aBackoffTooLongToHappenIsLoggedNotThrown() throws Exception {
    put("a", "arn:1");
    String never = String.valueOf(Long.MAX_VALUE);
    EcrPullThroughCacheSourceTask task =
        startTask(Map.of("retry.backoff.ms", never, "retry.backoff.max.ms", never));
    nextFailure = RuleListingException.throttled("Listing was throttled", null);

    assertThat(task.poll()).isNull();
    harness.clock.advance(INTERVAL);
    assertThat(task.poll()).as("not retried before the end of time").isNull();
  }

  @Test
  void fatalFailureStopsTheTaskWithTheActionableMessage() {
    put("a", "arn:1");
    EcrPullThroughCacheSourceTask task = startTask(Map.of());
    nextFailure =
        RuleListingException.fatal("Grant the IAM action ecr:DescribePullThroughCacheRules", null);

    assertThatThrownBy(task::poll)
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("ecr:DescribePullThroughCacheRules");
  }

  @Test
  void noDataModeStoresTheBaselineThroughAHeartbeatRecord() throws Exception {
    put("a", "arn:1");
    EcrPullThroughCacheSourceTask task = startTask(Map.of("snapshot.mode", "no_data"));

    List<SourceRecord> first = task.poll();
    assertThat(first)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.topic()).isEqualTo(EcrSourceConfig.DEFAULT_HEARTBEAT_TOPIC);
              assertThat(r.sourceOffset()).isNotNull();
            });
    harness.commit(first);
    task.stop();

    put("b", "arn:1");
    EcrPullThroughCacheSourceTask restarted = startTask(Map.of("snapshot.mode", "no_data"));
    assertThat(ops(restarted.poll())).containsExactly("c");
  }

  @Test
  void aCorruptStoredOffsetFailsWithHowToReset() {
    harness.committed.put(SourceOffsets.partition(REGISTRY), new HashMap<>(Map.of("v", 7)));
    assertThatThrownBy(() -> startTask(Map.of()))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("DELETE /connectors/<name>/offsets");
  }

  @Test
  void metricsCountPollsEventsAndFailuresAndLeaveJmxOnStop() throws Exception {
    put("a", "arn:1");
    EcrPullThroughCacheSourceTask task = startTask(Map.of("name", "metrics-test", "task.id", "3"));
    javax.management.ObjectName name = TaskMetrics.objectName("metrics-test", 3);
    javax.management.MBeanServer jmx =
        java.lang.management.ManagementFactory.getPlatformMBeanServer();
    assertThat(jmx.isRegistered(name)).isTrue();

    harness.commit(task.poll());
    pollAfterInterval(task);
    assertThat(jmx.getAttribute(name, "TotalNumberOfPolls")).isEqualTo(2L);
    assertThat(jmx.getAttribute(name, "TotalNumberOfReadEventsSeen")).isEqualTo(1L);
    assertThat(jmx.getAttribute(name, "TotalNumberOfCreateEventsSeen")).isEqualTo(0L);
    assertThat(jmx.getAttribute(name, "NumberOfRulesTracked")).isEqualTo(1L);
    assertThat(jmx.getAttribute(name, "NumberOfRegistriesAssigned")).isEqualTo(1);

    nextFailure = RuleListingException.retriable("5xx", null);
    harness.clock.advance(5_000);
    pollAfterInterval(task);
    assertThat(jmx.getAttribute(name, "TotalNumberOfPollErrors")).isEqualTo(1L);
    assertThat(jmx.getAttribute(name, "NumberOfRegistriesFailing")).isEqualTo(1);
    assertThat((Long) jmx.getAttribute(name, "MilliSecondsSinceLastSuccessfulPoll"))
        .isEqualTo(INTERVAL + 5_000);

    task.stop();
    assertThat(jmx.isRegistered(name)).as("unregistered on stop").isFalse();
  }

  @Test
  void aWallClockSteppedBackAnHourStallsNeitherPollsNorTheStalenessMetric() throws Exception {
    put("a", "arn:1");
    EcrPullThroughCacheSourceTask task = startTask(Map.of("name", "clock-step", "task.id", "0"));
    javax.management.ObjectName name = TaskMetrics.objectName("clock-step", 0);
    javax.management.MBeanServer jmx =
        java.lang.management.ManagementFactory.getPlatformMBeanServer();
    harness.commit(task.poll());

    harness.clock.stepWallClock(-3_600_000); // an NTP correction
    harness.clock.advance(5_000);
    assertThat(jmx.getAttribute(name, "MilliSecondsSinceLastSuccessfulPoll")).isEqualTo(5_000L);

    put("b", "arn:1");
    harness.clock.advance(INTERVAL - 5_000);
    List<SourceRecord> records = task.poll();
    assertThat(ops(records)).as("polled on time").containsExactly("c");
    assertThat(((Struct) records.get(0).value()).getInt64("ts_ms"))
        .as("events keep wall-clock time")
        .isEqualTo(harness.clock.millis());
  }

  @Test
  void heartbeatsAreWrittenOnQuietPollsAtTheirInterval() throws Exception {
    put("a", "arn:1");
    EcrPullThroughCacheSourceTask task = startTask(Map.of("heartbeat.interval.ms", "120000"));
    List<SourceRecord> first = task.poll();
    assertThat(ops(first)).containsExactly("r");

    List<SourceRecord> quiet = pollAfterInterval(task);
    assertThat(quiet)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.topic()).isEqualTo(EcrSourceConfig.DEFAULT_HEARTBEAT_TOPIC);
              assertThat(r.sourceOffset()).isEqualTo(first.get(0).sourceOffset());
            });
    assertThat(pollAfterInterval(task)).as("within the heartbeat interval").isEmpty();
    assertThat(pollAfterInterval(task)).hasSize(1);
  }

  @Test
  void logsOneInfoSummaryPerEmittingPollNothingForQuietOnesAndRateLimitsRetryWarnings()
      throws Exception {
    put("a", "arn:1");
    try (LogCapture logs = LogCapture.install()) {
      EcrPullThroughCacheSourceTask task =
          startTask(Map.of("retry.backoff.ms", "1000", "retry.backoff.max.ms", "1000"));
      task.poll();
      pollAfterInterval(task);
      nextFailure = RuleListingException.throttled("Listing was throttled.", null);
      pollAfterInterval(task);
      for (int i = 0; i < 5; i++) { // five more failures within the same minute
        nextFailure = RuleListingException.throttled("Listing was throttled.", null);
        harness.clock.advance(1_000);
        assertThat(task.poll()).isNull();
      }
      nextFailure = RuleListingException.throttled("Listing was throttled.", null);
      pollAfterInterval(task); // a minute later: warned again
      List<String> ours =
          logs.lines().stream()
              .filter(line -> line.contains(EcrPullThroughCacheSourceTask.class.getName()))
              .filter(line -> !line.startsWith("DEBUG"))
              .collect(Collectors.toList());
      assertThat(ours.stream().filter(l -> l.contains("emitted 1 events (read 1, created 0")))
          .hasSize(1);
      assertThat(ours.stream().filter(l -> l.startsWith("WARN")))
          .as("one WARN a minute per registry: seven failures over a minute and a bit")
          .hasSize(2)
          .allSatisfy(l -> assertThat(l).contains("retrying at"));
      assertThat(ours).allSatisfy(l -> assertThat(l).doesNotContain("no change"));
    }
  }

  @Test
  void stopWakesAnIdlePollAtOnce() throws Exception {
    EcrPullThroughCacheSourceTask task = startTask(Map.of());
    task.poll();
    task.stop();
    long start = System.nanoTime();
    assertThat(task.poll()).isNull();
    assertThat(System.nanoTime() - start).isLessThan(500_000_000L);
  }
}
