package io.github.ecrconnect.ptc.connect;

import io.github.ecrconnect.ptc.core.PollOutcome;
import io.github.ecrconnect.ptc.core.PrefixFilter;
import io.github.ecrconnect.ptc.core.PullThroughCacheRule;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RegistryPoller;
import io.github.ecrconnect.ptc.core.RuleListingException;
import io.github.ecrconnect.ptc.core.SnapshotState;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.source.SourceRecord;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The connector's CPU path for one registry poll once the listing is in memory: snapshot (per-rule
 * fingerprints and the snapshot hash), diff against the last emitted state, and the source records
 * with their offsets, exactly as {@link EcrPullThroughCacheSourceTask} runs it. Each invocation
 * gets a listing of fresh rule objects, as the SDK returns each poll.
 *
 * <ul>
 *   <li>{@code unchanged}: the steady state, nothing changed since the last poll (0 records).
 *   <li>{@code unchangedAfterRestart}: the first poll after a restart, diffed against the state
 *       read back from the source offset (hashes only): every rule is hashed.
 *   <li>{@code oneChanged}: one rule changed (1 record, the new offset built).
 *   <li>{@code initialSnapshot}: no state yet, every rule becomes an {@code r} record.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g"})
public class CorePathBenchmark {
  private static final Registry REGISTRY = Registry.of("123456789012", "us-east-1");
  private static final Instant CREATED = Instant.parse("2025-01-02T03:04:05.678Z");

  @Param({"50", "1000", "50000"})
  public int rules;

  private List<PullThroughCacheRule> listing;
  private List<PullThroughCacheRule> listingOneChanged;
  private List<PullThroughCacheRule> served;
  private SnapshotState emitted;
  private SnapshotState restored;
  private RegistryPoller poller;
  private final RegistryRecords registryRecords =
      new RegistryRecords("rules", true, "bench", "heartbeats");

  @Setup(Level.Trial)
  public void setUp() throws RuleListingException {
    listing = rules(rules, -1);
    listingOneChanged = rules(rules, rules / 2);
    poller = new RegistryPoller(registry -> served, PrefixFilter.allowAll(), true);
    served = rules(rules, -1);
    emitted = poller.poll(REGISTRY, null).state();
    restored = SourceOffsets.state(SourceOffsets.offset(emitted));
  }

  /** {@code count} rules with every field set, fresh objects; rule {@code changed} differs. */
  static List<PullThroughCacheRule> rules(int count, int changed) {
    List<PullThroughCacheRule> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String prefix = String.format("team-%06d", i);
      list.add(
          PullThroughCacheRule.builder()
              .registryId(new String("123456789012"))
              .ecrRepositoryPrefix(prefix)
              .upstreamRegistryUrl(new String("registry-1.docker.io"))
              .upstreamRegistry(new String("docker-hub"))
              .upstreamRepositoryPrefix(new String("library"))
              .credentialArn(
                  "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/"
                      + prefix
                      + (i == changed ? "-rotated" : ""))
              .createdAt(CREATED)
              .updatedAt(i == changed ? CREATED.plusSeconds(60) : CREATED)
              .build());
    }
    return list;
  }

  /**
   * CPU time of the benchmark thread per measured iteration, next to JMH's wall-clock score: on a
   * machine shared with other builds, wall time also counts the time the thread waited for a core.
   * Secondary results {@code cpuNs} and {@code ops}; their quotient is CPU ns per operation.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    public long cpuNs;
    public long ops;
    private long startNs;

    @Setup(Level.Iteration)
    public void start() {
      cpuNs = 0;
      ops = 0;
      startNs = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void stop() {
      cpuNs = THREADS.getCurrentThreadCpuTime() - startNs;
    }
  }

  @Benchmark
  public List<SourceRecord> unchanged(CpuTime cpu) throws RuleListingException {
    cpu.ops++;
    return poll(listing, emitted);
  }

  @Benchmark
  public List<SourceRecord> unchangedAfterRestart(CpuTime cpu) throws RuleListingException {
    cpu.ops++;
    return poll(listing, restored);
  }

  @Benchmark
  public List<SourceRecord> oneChanged(CpuTime cpu) throws RuleListingException {
    cpu.ops++;
    return poll(listingOneChanged, emitted);
  }

  @Benchmark
  public List<SourceRecord> initialSnapshot(CpuTime cpu) throws RuleListingException {
    cpu.ops++;
    return poll(listing, null);
  }

  /** What the task does per registry, minus Connect: list, snapshot, diff, records. */
  private List<SourceRecord> poll(List<PullThroughCacheRule> listed, SnapshotState previous)
      throws RuleListingException {
    served = listed;
    PollOutcome outcome = poller.poll(REGISTRY, previous);
    if (outcome.events().isEmpty()) {
      return List.of();
    }
    return registryRecords.of(REGISTRY, outcome, 0L, false);
  }
}
