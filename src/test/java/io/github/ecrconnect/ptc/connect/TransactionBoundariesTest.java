package io.github.ecrconnect.ptc.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.core.PullThroughCacheRule;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RuleListingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.TransactionContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transactions the task defines when the worker lets it ({@code
 * transaction.boundary=connector}): one per registry poll that produced records, committed on that
 * registry's last record, which is the one carrying the new offset. Without a TransactionContext
 * (worker-defined boundaries, no exactly-once support, or a worker older than KIP-618) it defines
 * none and works the same.
 */
class TransactionBoundariesTest {
  private static final Registry A = Registry.of("111111111111", "us-east-1");
  private static final Registry B = Registry.of("222222222222", "us-east-1");
  private static final long INTERVAL = 60_000;

  private final TaskHarness harness = new TaskHarness();
  // Read by the task's listing threads.
  private final Map<Registry, Map<String, PullThroughCacheRule>> rules = new ConcurrentHashMap<>();
  private final Map<Registry, RuleListingException> failures = new ConcurrentHashMap<>();
  private final List<SourceRecord> commits = new ArrayList<>();
  private EcrPullThroughCacheSourceTask task;

  @AfterEach
  void stop() {
    if (task != null) {
      task.stop();
    }
  }

  private final TransactionContext recording =
      new TransactionContext() {
        @Override
        public void commitTransaction() {
          throw new AssertionError("the task commits on a record, not at the end of a poll");
        }

        @Override
        public void commitTransaction(SourceRecord record) {
          commits.add(record);
        }

        @Override
        public void abortTransaction() {
          throw new AssertionError("nothing to abort");
        }

        @Override
        public void abortTransaction(SourceRecord record) {
          throw new AssertionError("nothing to abort");
        }
      };

  private void start(Supplier<TransactionContext> transactions) {
    Map<String, String> props = new HashMap<>();
    props.put("topic", "rules");
    props.put("poll.interval.ms", String.valueOf(INTERVAL));
    props.put("retry.backoff.ms", "1000");
    props.put("aws.regions", "us-east-1");
    props.put("task.registries", A + "," + B);
    task =
        harness.task(
            (config, apiCalls) ->
                registry -> {
                  RuleListingException failure = failures.remove(registry);
                  if (failure != null) {
                    throw failure;
                  }
                  return new ArrayList<>(rules.getOrDefault(registry, Map.of()).values());
                });
    task.initialize(harness.context(props, transactions));
    task.start(props);
    // First polls are spread over the registries (PollSchedule); a second later all are due.
    harness.clock.advance(1_000);
  }

  private void put(Registry registry, String prefix, String credentialArn) {
    rules
        .computeIfAbsent(registry, r -> new TreeMap<>())
        .put(
            prefix,
            PullThroughCacheRule.builder()
                .registryId(registry.registryIdOrNull())
                .ecrRepositoryPrefix(prefix)
                .upstreamRegistryUrl("ghcr.io")
                .upstreamRegistry("github-container-registry")
                .credentialArn(credentialArn)
                .build());
  }

  private List<SourceRecord> poll() throws InterruptedException {
    List<SourceRecord> records = task.poll();
    return records == null ? List.of() : records;
  }

  private static List<SourceRecord> of(List<SourceRecord> records, Registry registry) {
    return records.stream()
        .filter(r -> r.sourcePartition().equals(SourceOffsets.partition(registry)))
        .toList();
  }

  private static SourceRecord last(List<SourceRecord> records) {
    return records.get(records.size() - 1);
  }

  @Test
  void eachRegistryPollWithRecordsIsOneTransactionCommittedOnItsLastRecord() throws Exception {
    put(A, "a1", "arn:1");
    put(A, "a2", "arn:1");
    put(B, "b1", "arn:1");
    put(B, "b2", "arn:1");
    put(B, "b3", "arn:1");
    start(() -> recording);

    List<SourceRecord> first = poll();
    assertThat(first).hasSize(5);
    assertThat(commits).containsExactly(last(of(first, A)), last(of(first, B)));
    for (Registry registry : List.of(A, B)) {
      List<SourceRecord> batch = of(first, registry);
      assertThat(batch.subList(0, batch.size() - 1))
          .as("records before the commit carry the state before the poll")
          .allSatisfy(r -> assertThat(r.sourceOffset()).isNull());
      assertThat(last(batch).sourceOffset())
          .as("the commit record carries the new state")
          .isNotNull();
    }
    harness.commit(first);

    commits.clear();
    harness.clock.advance(INTERVAL);
    assertThat(poll()).as("quiet poll").isEmpty();
    assertThat(commits).as("no empty transactions").isEmpty();

    put(A, "a1", "arn:2");
    rules.get(A).remove("a2");
    failures.put(B, RuleListingException.throttled("throttled", null));
    harness.clock.advance(INTERVAL);
    List<SourceRecord> third = poll();
    assertThat(third).hasSize(3); // u a1, d a2, tombstone a2
    assertThat(commits).as("a failed registry commits nothing").containsExactly(last(third));
  }

  @Test
  void withoutATransactionContextTheTaskDefinesNoTransactions() throws Exception {
    put(A, "a1", "arn:1");
    put(B, "b1", "arn:1");
    start(() -> null);
    assertThat(poll()).hasSize(2);
  }

  /**
   * Connect before 3.3 has no SourceTaskContext.transactionContext(): calling it there throws
   * NoSuchMethodError. Such workers (MSK Connect offers Kafka Connect 2.7.1) must run the task.
   */
  @Test
  void aWorkerWithoutKip618RunsTheTask() throws Exception {
    put(A, "a1", "arn:1");
    put(B, "b1", "arn:1");
    start(
        () -> {
          throw new NoSuchMethodError(
              "'org.apache.kafka.connect.source.TransactionContext"
                  + " org.apache.kafka.connect.source.SourceTaskContext.transactionContext()'");
        });
    assertThat(poll()).hasSize(2);
    assertThat(commits).isEmpty();
  }
}
