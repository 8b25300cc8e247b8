package io.github.ecrconnect.ptc.it;

import static io.github.ecrconnect.ptc.it.ItSupport.TIMEOUT;
import static io.github.ecrconnect.ptc.it.ItSupport.US;
import static io.github.ecrconnect.ptc.it.ItSupport.await;
import static io.github.ecrconnect.ptc.it.ItSupport.events;
import static io.github.ecrconnect.ptc.it.ItSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import io.github.ecrconnect.ptc.testkit.FakeRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exactly-once source support (KIP-618) on a real worker with {@code
 * exactly.once.source.support=enabled}: with {@code transaction.boundary=connector} each registry
 * poll is one transaction holding its events and its new offset, so a worker that dies in the
 * middle of a batch leaves nothing a {@code read_committed} consumer can see, and the batch is
 * produced again, whole, by the task's next instance.
 */
class ExactlyOnceIT {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private static ConnectTestCluster cluster;
  private static FakeEcrServer ecr;

  private final List<TopicReader> readers = new ArrayList<>();
  private String connector;
  private String topic;
  private String account;

  @BeforeAll
  static void startCluster() {
    ecr = FakeEcrServer.start();
    Properties broker = ConnectTestCluster.transactionsOnOneBroker();
    cluster =
        ConnectTestCluster.start(
            "ecr-eos",
            1,
            Map.of(
                "exactly.once.source.support",
                "enabled",
                // The worker's default commit interval: EOS must not depend on a short one.
                WorkerConfig.OFFSET_COMMIT_INTERVAL_MS_CONFIG,
                String.valueOf(WorkerConfig.OFFSET_COMMIT_INTERVAL_MS_DEFAULT),
                "task.shutdown.graceful.timeout.ms",
                "1000",
                "scheduled.rebalance.max.delay.ms",
                "1000"),
            broker);
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
    ecr.close();
  }

  @AfterEach
  void cleanUp() {
    PauseOnPrefix.disarm();
    readers.forEach(TopicReader::close);
    if (connect().workers().isEmpty()) {
      connect().addWorker();
    }
    if (connector != null && connect().connectors().contains(connector)) {
      connect().deleteConnector(connector);
    }
  }

  private EmbeddedConnectCluster connect() {
    return cluster.connect();
  }

  private void newScenario() {
    int n = SEQUENCE.incrementAndGet();
    connector = "eos-" + n;
    topic = "eos-rules-" + n;
    account = String.format("2000000000%02d", n);
  }

  private TopicReader committedReader() {
    TopicReader reader = cluster.readCommitted(topic);
    readers.add(reader);
    return reader;
  }

  private TopicReader uncommittedReader() {
    TopicReader reader = cluster.reader(topic);
    readers.add(reader);
    return reader;
  }

  private Map<String, String> eosConfig(String boundary) {
    Map<String, String> props = ItSupport.connectorConfig(ecr, topic, account, "eos-secret");
    props.put("exactly.once.support", "required");
    props.put("transaction.boundary", boundary);
    return props;
  }

  private void start(Map<String, String> props) throws InterruptedException {
    connect().configureConnector(connector, props);
    connect()
        .assertions()
        .assertConnectorAndExactlyNumTasksAreRunning(connector, 1, "did not start");
  }

  /**
   * Batch 1 reads six rules. Batch 2, one poll, is 16 records: ten creates, two updates, two
   * deletes with their tombstones. The worker dies after sending the ten creates, before the
   * transaction commits; a new worker takes over.
   */
  @Test
  void aWorkerKilledMidBatchLeavesEveryChangeExactlyOnceForReadCommittedConsumers()
      throws Exception {
    newScenario();
    for (String prefix : List.of("old-1", "old-2", "old-3", "old-4", "upd-1", "upd-2")) {
      ecr.put(US, account, rule(prefix));
    }
    Map<String, String> props = eosConfig("connector");
    props.put("transforms", "pause");
    props.put("transforms.pause.type", PauseOnPrefix.class.getName());
    start(props);
    TopicReader committed = committedReader();
    TopicReader uncommitted = uncommittedReader();
    List<String> batch1 = events(committed.awaitCount(6, TIMEOUT));
    assertThat(batch1).allMatch(e -> e.startsWith("r "));

    PauseOnPrefix.Pause pause = PauseOnPrefix.arm("upd-1");
    List<FakeRule> next = new ArrayList<>();
    for (FakeRule stored : ecr.rules(US, account)) {
      String prefix = stored.ecrRepositoryPrefix();
      if (prefix.startsWith("upd-")) {
        next.add(stored.withCredentialArn(stored.credentialArn() + "-rotated"));
      } else if (!prefix.equals("old-1") && !prefix.equals("old-2")) {
        next.add(stored);
      }
    }
    for (int i = 1; i <= 10; i++) {
      next.add(rule(String.format("new-%02d", i)));
    }
    ecr.replaceAll(US, account, next); // one atomic change: the next poll sees all of it
    List<String> batch2 = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      batch2.add(String.format("c new-%02d", i));
    }
    batch2.addAll(
        List.of("u upd-1", "u upd-2", "d old-1", "tombstone old-1", "d old-2", "tombstone old-2"));

    assertThat(pause.reached.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
        .as("the task reached upd-1 in batch 2")
        .isTrue();
    // The ten creates before upd-1 are in the log, in a transaction that is still open.
    assertThat(events(uncommitted.awaitCount(16, TIMEOUT).subList(6, 16)))
        .isEqualTo(batch2.subList(0, 10));
    assertThat(committed.readToEnd(TIMEOUT)).as("an open transaction is invisible").hasSize(6);

    WorkerHandle worker = ItSupport.workerOfTask(connect(), connector, 0);
    connect().removeWorker(worker);
    pause.release();
    connect().addWorker();
    connect()
        .assertions()
        .assertConnectorAndExactlyNumTasksAreRunning(
            connector, 1, "did not move to the new worker");

    List<ChangeRecord> all = committed.awaitCount(22, TIMEOUT);
    long calls = ecr.describeCalls(US, account);
    await(() -> ecr.describeCalls(US, account) >= calls + 3, "three more polls");
    assertThat(events(committed.readToEnd(TIMEOUT)))
        .as("read_committed: every change exactly once")
        .isEqualTo(concat(batch1, batch2));
    assertThat(all.subList(6, 22)).allSatisfy(r -> assertThat(r.topic()).isEqualTo(topic));
    assertThat(events(uncommitted.readToEnd(TIMEOUT)))
        .as("read_uncommitted also sees the aborted first attempt at batch 2")
        .isEqualTo(concat(batch1, batch2.subList(0, 10), batch2));
  }

  /**
   * With worker-defined boundaries the task must not define any (it gets no TransactionContext).
   */
  @ParameterizedTest
  @ValueSource(strings = {"poll", "interval"})
  void workerDefinedTransactionBoundariesRunAndDeliverEveryChange(String boundary)
      throws Exception {
    newScenario();
    ecr.put(US, account, rule("first"));
    Map<String, String> props = eosConfig(boundary);
    props.put("transaction.boundary.interval.ms", "500");
    start(props);
    TopicReader committed = committedReader();
    committed.awaitCount(1, TIMEOUT);

    ecr.put(US, account, rule("second"));
    ecr.delete(US, account, "first");
    committed.awaitUntil(r -> r.size() >= 4, TIMEOUT, "create, delete and tombstone");
    long calls = ecr.describeCalls(US, account);
    await(() -> ecr.describeCalls(US, account) >= calls + 3, "three more polls");
    List<String> seen = events(committed.readToEnd(TIMEOUT));
    assertThat(seen.subList(0, 1)).containsExactly("r first");
    assertThat(seen.subList(1, seen.size()))
        .containsExactlyInAnyOrder("c second", "d first", "tombstone first");
    assertThat(connect().connectorStatus(connector).tasks())
        .allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    List<String> all = new ArrayList<>();
    for (List<String> part : parts) {
      all.addAll(part);
    }
    return all;
  }
}
