package io.github.ecrconnect.ptc.connect;

import io.github.ecrconnect.ptc.aws.EcrRuleSource;
import io.github.ecrconnect.ptc.core.ApiCallListener;
import io.github.ecrconnect.ptc.core.BackgroundListings;
import io.github.ecrconnect.ptc.core.BackgroundListings.Listing;
import io.github.ecrconnect.ptc.core.Backoff;
import io.github.ecrconnect.ptc.core.ChangeEvent;
import io.github.ecrconnect.ptc.core.MonotonicClock;
import io.github.ecrconnect.ptc.core.Operation;
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
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.source.TransactionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the registries assigned to it. {@link #poll()} reads like the design: which registries are
 * due, list each, diff against the last emitted state, turn the events into records. Listings run
 * on the task's own listing threads ({@link BackgroundListings}), so {@code poll()} returns within
 * about a second whatever AWS does, and {@link #stop()} abandons listings in flight: the worker
 * calls it on the poll thread once {@code poll()} returns (older workers from another thread).
 */
public class EcrPullThroughCacheSourceTask extends SourceTask {
  private static final Logger log = LoggerFactory.getLogger(EcrPullThroughCacheSourceTask.class);

  /** poll() returns at least this often when idle, so the worker can stop or commit. */
  static final long MAX_IDLE_WAIT_MS = 1_000;

  /**
   * poll() waits at most this long for listings in flight and returns what finished; the others are
   * collected by a later call. Keeps records flowing while a large backlog waits for the request
   * rate limit, and keeps a slow AWS from holding up a stop far below the worker's
   * task.shutdown.graceful.timeout.ms (5 s by default).
   */
  static final long MAX_POLL_DURATION_MS = 1_000;

  private static final long RETRY_WARN_INTERVAL_MS = 60_000;

  private final Clock clock;
  private final MonotonicClock monotonic;
  private final BiFunction<EcrSourceConfig, ApiCallListener, RuleSource> ruleSources;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Map<Registry, Long> lastHeartbeatMs = new HashMap<>();

  private List<Registry> registries;
  private RegistryStates states;
  // Volatile: workers older than KAFKA-10792 call stop() from another thread than start().
  private volatile RuleSource ruleSource;
  private volatile BackgroundListings listings;
  private RegistryPoller poller;
  private PollSchedule schedule;
  private RegistryRecords registryRecords;
  private long heartbeatIntervalMs;
  private RetryWarnings retryWarnings;
  private TransactionContext transactions;
  private volatile TaskMetrics metrics;

  /** Used by Connect. */
  public EcrPullThroughCacheSourceTask() {
    this(
        Clock.systemUTC(),
        MonotonicClock.system(),
        (config, apiCalls) -> new EcrRuleSource(config.awsSettings(), apiCalls));
  }

  /**
   * For tests: controlled clocks and any rule source.
   *
   * @param clock the wall clock: event timestamps ({@code ts_ms}, poll time)
   * @param monotonic schedules polls, backoff and staleness
   */
  EcrPullThroughCacheSourceTask(
      Clock clock,
      MonotonicClock monotonic,
      BiFunction<EcrSourceConfig, ApiCallListener, RuleSource> ruleSources) {
    this.clock = clock;
    this.monotonic = monotonic;
    this.ruleSources = ruleSources;
  }

  @Override
  public String version() {
    return ConnectorVersion.get();
  }

  @Override
  public void start(Map<String, String> props) {
    EcrSourceTaskConfig config = new EcrSourceTaskConfig(props);
    registries = config.assignedRegistries();
    metrics = new TaskMetrics(monotonic, config.connectorName(), config.taskId()).register();
    ConnectPluginMetrics.publish(context, SourceTaskContext.class, TaskMetric.ALL, metrics);
    ruleSource = ruleSources.apply(config, metrics);
    listings =
        new BackgroundListings(
            ruleSource,
            clock,
            monotonic,
            config.maxListingsInFlight(),
            "ecr-ptc-" + config.connectorName() + "-" + config.taskId() + "-listing");
    poller =
        new RegistryPoller(
            ruleSource, config.prefixFilter(), config.snapshotMode() == SnapshotMode.INITIAL);
    Random random = new Random();
    Backoff backoff =
        new Backoff(config.retryBackoff().toMillis(), config.retryBackoffMax().toMillis(), random);
    restoreStates();
    schedule =
        new PollSchedule(
            newRegistriesFirst(registries, states),
            config.pollInterval().toMillis(),
            config.firstPollSpacing().toMillis(),
            backoff,
            random,
            monotonic.millis());
    registryRecords =
        new RegistryRecords(
            config.topic(), config.tombstonesOnDelete(), version(), config.heartbeatTopic());
    heartbeatIntervalMs = config.heartbeatInterval().toMillis();
    retryWarnings = new RetryWarnings(RETRY_WARN_INTERVAL_MS);
    transactions = transactionContextOrNull();
    updateMetrics();
    log.info(
        "Started task {} of {}: {} registries {}, topic {}, poll interval {} ms, first polls {} ms"
            + " apart, max {} requests/s, max {} listings in flight, snapshot.mode {},"
            + " credentials: {}",
        config.taskId(),
        config.connectorName(),
        registries.size(),
        registries,
        config.topic(),
        config.pollInterval().toMillis(),
        config.firstPollSpacing().toMillis(),
        config.maxRequestsPerSecond() > 0 ? config.maxRequestsPerSecond() : "unlimited",
        config.maxListingsInFlight(),
        config.snapshotMode().configValue(),
        config.awsSettings().credentialsDescription());
  }

  /**
   * The worker's TransactionContext: present only with exactly-once support and {@code
   * transaction.boundary=connector}. Defensive: workers before KIP-618 (Connect 3.3) lack the
   * method itself; none of those is supported (3.7+), but the task then runs at-least-once.
   */
  private TransactionContext transactionContextOrNull() {
    try {
      return context.transactionContext();
    } catch (NoSuchMethodError | NoClassDefFoundError e) {
      return null;
    }
  }

  /**
   * The order of the first polls: registries without a stored state (new in the assignment: an
   * account that joined, a region enabled) before those restored, so that a reassignment of
   * thousands of registries does not keep a new one waiting behind all the others' spread.
   */
  private static List<Registry> newRegistriesFirst(
      List<Registry> registries, RegistryStates states) {
    List<Registry> ordered = new ArrayList<>(registries.size());
    registries.stream().filter(r -> states.get(r) == null).forEach(ordered::add);
    registries.stream().filter(r -> states.get(r) != null).forEach(ordered::add);
    return ordered;
  }

  private void restoreStates() {
    states = new RegistryStates(context.offsetStorageReader());
    states.restore(registries);
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    long now = monotonic.millis();
    schedule.dueAt(now).forEach(listings::start); // one in flight already is not started again
    if (listings.isIdle()) {
      long wait = Math.min(MAX_IDLE_WAIT_MS, schedule.nextDueMs() - now);
      stopped.await(Math.max(wait, 1), TimeUnit.MILLISECONDS);
      return null;
    }
    List<SourceRecord> records = new ArrayList<>();
    for (Listing listing : listings.awaitFinished(MAX_POLL_DURATION_MS)) {
      records.addAll(pollRegistry(listing));
    }
    updateMetrics();
    return records.isEmpty() ? null : records;
  }

  /**
   * One registry's finished listing: diff, and the records that emit the change and store the new
   * state.
   */
  private List<SourceRecord> pollRegistry(Listing listing) {
    Registry registry = listing.registry();
    long started = listing.startedAtMs();
    PollOutcome outcome;
    try {
      outcome =
          poller.diffFor(
              registry, listing.rules(), listedAccount -> states.previous(registry, listedAccount));
    } catch (RuleListingException e) {
      metrics.pollFailed(listing.durationMs());
      return handleFailure(registry, e);
    }
    schedule.succeeded(registry, monotonic.millis());
    retryWarnings.recovered(registry);
    metrics.pollSucceeded(listing.durationMs(), outcome.events());
    states.put(registry, outcome.state());

    List<SourceRecord> records =
        registryRecords.of(states.stored(registry), outcome, started, heartbeatDue(registry));
    if (!outcome.events().isEmpty()) {
      logSummary(registry, outcome, listing.durationMs());
    } else if (!records.isEmpty()) {
      heartbeatWritten(registry); // a state-only record: the state to store, or a heartbeat
    } else {
      log.debug("{}: no change ({} rules)", registry, outcome.ruleCount());
    }
    if (transactions != null && !records.isEmpty()) {
      // One transaction per registry poll: its events commit together with its new offset.
      transactions.commitTransaction(records.get(records.size() - 1));
    }
    return records;
  }

  /** For tests: whether a listing is running or finished and not yet turned into records. */
  boolean hasListingsInFlight() {
    return !listings.isIdle();
  }

  private boolean heartbeatDue(Registry registry) {
    return heartbeatIntervalMs > 0
        && monotonic.millis() - lastHeartbeatMs.getOrDefault(registry, Long.MIN_VALUE / 2)
            >= heartbeatIntervalMs;
  }

  private void heartbeatWritten(Registry registry) {
    lastHeartbeatMs.put(registry, monotonic.millis()); // the interval, on the monotonic clock
    metrics.heartbeatWritten();
  }

  private static void logSummary(Registry registry, PollOutcome outcome, long durationMs) {
    Map<Operation, Integer> counts = new EnumMap<>(Operation.class);
    for (ChangeEvent event : outcome.events()) {
      counts.merge(event.operation(), 1, Integer::sum);
    }
    log.info(
        "{}: emitted {} events (read {}, created {}, updated {}, deleted {}); {} rules; {} ms",
        registry,
        outcome.events().size(),
        counts.getOrDefault(Operation.READ, 0),
        counts.getOrDefault(Operation.CREATE, 0),
        counts.getOrDefault(Operation.UPDATE, 0),
        counts.getOrDefault(Operation.DELETE, 0),
        outcome.ruleCount(),
        durationMs);
  }

  private List<SourceRecord> handleFailure(Registry registry, RuleListingException e) {
    if (!e.isRetriable()) {
      throw new ConnectException(e.getMessage(), e);
    }
    long now = monotonic.millis();
    long retryAt = schedule.failed(registry, now);
    long delayMs = retryAt - now;
    // A saturated retry time ("never", for a huge backoff) must not wrap into the past.
    Instant retryAtWallClock = clock.instant().plusMillis(delayMs < 0 ? Long.MAX_VALUE : delayMs);
    if (retryWarnings.shouldWarn(registry, now)) {
      log.warn(
          "{} Nothing was emitted for this registry; retrying at {} (attempt {}).",
          e.getMessage(),
          retryAtWallClock,
          schedule.consecutiveFailures(registry) + 1);
    } else {
      log.debug("{} Retrying at {}.", e.getMessage(), retryAtWallClock);
    }
    return List.of();
  }

  private void updateMetrics() {
    long rules = 0;
    for (SnapshotState state : states.all()) {
      rules += state.size();
    }
    metrics.state(registries.size(), schedule.failingCount(), rules, schedule.oldestSuccessMs());
  }

  /**
   * Abandons the listings in flight (they emit and store nothing: the next task diffs against the
   * last state this one emitted), ends waits for the request rate limit, closes the ECR clients and
   * unregisters the metrics. Returns at once; safe from any thread, and more than once.
   */
  @Override
  public void stop() {
    stopped.countDown();
    BackgroundListings inFlight = listings;
    if (inFlight != null) {
      inFlight.close();
    }
    RuleSource source = ruleSource;
    if (source instanceof AutoCloseable) {
      try {
        ((AutoCloseable) source).close();
      } catch (Exception e) {
        log.debug("Closing the ECR clients failed", e);
      }
    }
    TaskMetrics taskMetrics = metrics;
    if (taskMetrics != null) {
      taskMetrics.close();
    }
  }
}
