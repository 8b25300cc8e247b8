package io.github.ecrconnect.ptc.connect;

import io.github.ecrconnect.ptc.aws.EcrRuleSource;
import io.github.ecrconnect.ptc.core.Backoff;
import io.github.ecrconnect.ptc.core.PollOutcome;
import io.github.ecrconnect.ptc.core.PollSchedule;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RegistryPoller;
import io.github.ecrconnect.ptc.core.RuleListingException;
import io.github.ecrconnect.ptc.core.RuleSource;
import io.github.ecrconnect.ptc.core.SnapshotState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.TransactionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the registries assigned to it. {@link #poll()} reads like the design: which registries are
 * due, list each, diff against the last emitted state, turn the events into records.
 */
public class EcrPullThroughCacheSourceTask extends SourceTask {
  private static final Logger log = LoggerFactory.getLogger(EcrPullThroughCacheSourceTask.class);
  /** poll() returns at least this often when idle, so the worker can stop or commit. */
  static final long MAX_IDLE_WAIT_MS = 1_000;
  private static final long RETRY_WARN_INTERVAL_MS = 60_000;

  private final Clock clock;
  private final Function<EcrSourceConfig, RuleSource> ruleSources;
  private final CountDownLatch stopped = new CountDownLatch(1);

  private RuleSource ruleSource;
  private RegistryPoller poller;
  private PollSchedule schedule;
  private ChangeRecordMapper mapper;
  private HeartbeatRecords heartbeats;
  private RetryWarnings retryWarnings;
  private TransactionContext transactions;
  private final Map<Registry, SnapshotState> states = new HashMap<>();

  /** Used by Connect. */
  public EcrPullThroughCacheSourceTask() {
    this(Clock.systemUTC(), config -> new EcrRuleSource(config.awsSettings()));
  }

  /** For tests: a controlled clock and any rule source. */
  EcrPullThroughCacheSourceTask(Clock clock, Function<EcrSourceConfig, RuleSource> ruleSources) {
    this.clock = clock;
    this.ruleSources = ruleSources;
  }

  @Override
  public String version() {
    return ConnectorVersion.get();
  }

  @Override
  public void start(Map<String, String> props) {
    EcrSourceTaskConfig config = new EcrSourceTaskConfig(props);
    List<Registry> registries = config.assignedRegistries();
    ruleSource = ruleSources.apply(config);
    poller =
        new RegistryPoller(
            ruleSource, config.prefixFilter(), config.snapshotMode() == SnapshotMode.INITIAL);
    Random random = new Random();
    Backoff backoff =
        new Backoff(config.retryBackoff().toMillis(), config.retryBackoffMax().toMillis(), random);
    schedule =
        new PollSchedule(
            registries, config.pollInterval().toMillis(), backoff, random, clock.millis());
    mapper = new ChangeRecordMapper(config.topic(), config.tombstonesOnDelete(), version());
    heartbeats = new HeartbeatRecords(config.heartbeatTopic());
    retryWarnings = new RetryWarnings(RETRY_WARN_INTERVAL_MS);
    transactions = context.transactionContext();
    restoreStates(registries);
    log.info(
        "Started: {} registries {}, topic {}, poll interval {} ms, snapshot.mode {}, credentials: {}",
        registries.size(),
        registries,
        config.topic(),
        config.pollInterval().toMillis(),
        config.snapshotMode().configValue(),
        config.awsSettings().credentialsDescription());
  }

  private void restoreStates(List<Registry> registries) {
    List<Map<String, Object>> partitions = new ArrayList<>();
    registries.forEach(registry -> partitions.add(SourceOffsets.partition(registry)));
    Map<Map<String, Object>, Map<String, Object>> offsets =
        context.offsetStorageReader().offsets(partitions);
    for (Registry registry : registries) {
      Map<String, Object> offset = offsets == null ? null : offsets.get(SourceOffsets.partition(registry));
      try {
        SnapshotState state = SourceOffsets.state(offset);
        if (state != null) {
          states.put(registry, state);
          log.info("Restored state of {}: {}", registry, state);
        }
      } catch (IllegalArgumentException e) {
        throw new ConnectException(
            "The stored offset of registry "
                + registry
                + " is not valid ("
                + e.getMessage()
                + "). Reset it with the Connect REST API (DELETE /connectors/<name>/offsets while"
                + " the connector is stopped) to start from a fresh snapshot.",
            e);
      }
    }
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    long now = clock.millis();
    List<Registry> due = schedule.dueAt(now);
    if (due.isEmpty()) {
      long wait = Math.min(MAX_IDLE_WAIT_MS, schedule.nextDueMs() - now);
      stopped.await(Math.max(wait, 1), TimeUnit.MILLISECONDS);
      return null;
    }
    List<SourceRecord> records = new ArrayList<>();
    for (Registry registry : due) {
      if (stopped.getCount() == 0) {
        break;
      }
      records.addAll(pollRegistry(registry));
    }
    return records.isEmpty() ? null : records;
  }

  private List<SourceRecord> pollRegistry(Registry registry) {
    long started = clock.millis();
    SnapshotState previous = states.get(registry);
    PollOutcome outcome;
    try {
      outcome = poller.poll(registry, previous);
    } catch (RuleListingException e) {
      return handleFailure(registry, e);
    }
    schedule.succeeded(registry, clock.millis());
    retryWarnings.recovered(registry);
    if (!outcome.stateChanged()) {
      log.debug("{}: no change ({} rules)", registry, outcome.ruleCount());
      return List.of();
    }
    states.put(registry, outcome.state());
    List<SourceRecord> records;
    if (outcome.events().isEmpty()) {
      records = List.of(heartbeats.record(registry, outcome.state(), started));
    } else {
      Map<String, Object> before = previous == null ? null : SourceOffsets.offset(previous);
      records = mapper.records(outcome, started, before, SourceOffsets.offset(outcome.state()));
      log.info(
          "{}: emitted {} change events ({} rules) in {} ms",
          registry,
          outcome.events().size(),
          outcome.ruleCount(),
          clock.millis() - started);
    }
    if (transactions != null) {
      // One transaction per registry poll: its events commit together with its new offset.
      transactions.commitTransaction(records.get(records.size() - 1));
    }
    return records;
  }

  private List<SourceRecord> handleFailure(Registry registry, RuleListingException e) {
    if (!e.isRetriable()) {
      throw new ConnectException(e.getMessage(), e);
    }
    long now = clock.millis();
    long retryAt = schedule.failed(registry, now);
    if (retryWarnings.shouldWarn(registry, now)) {
      log.warn(
          "{} Nothing was emitted for this registry; retrying at {} (attempt {}).",
          e.getMessage(),
          Instant.ofEpochMilli(retryAt),
          schedule.consecutiveFailures(registry) + 1);
    } else {
      log.debug("{} Retrying at {}.", e.getMessage(), Instant.ofEpochMilli(retryAt));
    }
    return List.of();
  }

  @Override
  public void stop() {
    stopped.countDown();
    if (ruleSource instanceof AutoCloseable) {
      try {
        ((AutoCloseable) ruleSource).close();
      } catch (Exception e) {
        log.debug("Closing the ECR clients failed", e);
      }
    }
  }
}
