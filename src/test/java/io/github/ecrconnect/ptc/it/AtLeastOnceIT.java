package io.github.ecrconnect.ptc.it;

import static io.github.ecrconnect.ptc.it.ItSupport.EU;
import static io.github.ecrconnect.ptc.it.ItSupport.TIMEOUT;
import static io.github.ecrconnect.ptc.it.ItSupport.US;
import static io.github.ecrconnect.ptc.it.ItSupport.await;
import static io.github.ecrconnect.ptc.it.ItSupport.events;
import static io.github.ecrconnect.ptc.it.ItSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import io.github.ecrconnect.ptc.testkit.FakeRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The default delivery (no exactly-once support on the worker) with two workers: a worker that dies
 * mid-batch makes the batch's first attempt a duplicate, nothing more; a worker that leaves hands
 * its tasks to the other and nothing is lost.
 */
class AtLeastOnceIT {
  private static final int WORKERS = 2;
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private static ConnectTestCluster cluster;
  private static FakeEcrServer ecr;

  private TopicReader reader;
  private String connector;
  private String topic;
  private String account;

  @BeforeAll
  static void startCluster() {
    ecr = FakeEcrServer.start();
    cluster =
        ConnectTestCluster.start(
            "ecr-alo",
            WORKERS,
            Map.of(
                "task.shutdown.graceful.timeout.ms", "1000",
                "scheduled.rebalance.max.delay.ms", "1000"));
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
    ecr.close();
  }

  @BeforeEach
  void twoWorkers() throws InterruptedException {
    while (connect().workers().size() < WORKERS) {
      connect().addWorker();
    }
    // Not allWorkersHealthy(): the test kit of Kafka 3.7 (a cell of the matrix) lacks it.
    connect().assertions().assertExactlyNumWorkersAreUp(WORKERS, "healthy workers");
  }

  @AfterEach
  void cleanUp() {
    PauseOnPrefix.disarm();
    if (reader != null) {
      reader.close();
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
    connector = "alo-" + n;
    topic = "alo-rules-" + n;
    account = String.format("3000000000%02d", n);
    reader = cluster.reader(topic);
  }

  private void start(Map<String, String> props, int tasks) throws InterruptedException {
    connect().configureConnector(connector, props);
    connect()
        .assertions()
        .assertConnectorAndExactlyNumTasksAreRunning(connector, tasks, "did not start");
  }

  /**
   * Batch 2 is 16 records in one poll; the worker dies after sending the first ten. Its records
   * carry the offset from before the batch (only the last record carries the new one), so the
   * task's next instance on the other worker emits the whole batch again: the ten are duplicated,
   * nothing is lost, and nothing before batch 2 is repeated.
   */
  @Test
  void aWorkerKilledMidBatchDuplicatesOnlyThatBatchAndLosesNothing() throws Exception {
    newScenario();
    for (String prefix : List.of("old-1", "old-2", "old-3", "old-4", "upd-1", "upd-2")) {
      ecr.put(US, account, rule(prefix));
    }
    Map<String, String> props = ItSupport.connectorConfig(ecr, topic, account, "alo-secret");
    props.put("transforms", "pause");
    props.put("transforms.pause.type", PauseOnPrefix.class.getName());
    start(props, 1);
    List<String> batch1 = events(reader.awaitCount(6, TIMEOUT));
    await(
        () -> !connect().connectorOffsets(connector).offsets().isEmpty(),
        "batch 1's offset committed");

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
    List<String> batch2 = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      next.add(rule(String.format("new-%02d", i)));
      batch2.add(String.format("c new-%02d", i));
    }
    batch2.addAll(
        List.of("u upd-1", "u upd-2", "d old-1", "tombstone old-1", "d old-2", "tombstone old-2"));
    ecr.replaceAll(US, account, next);

    assertThat(pause.reached.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
        .as("the task reached upd-1 in batch 2")
        .isTrue();
    assertThat(events(reader.awaitCount(16, TIMEOUT).subList(6, 16)))
        .isEqualTo(batch2.subList(0, 10));

    WorkerHandle victim = ItSupport.workerOfTask(connect(), connector, 0);
    String victimId = ItSupport.workerId(victim); // a stopped worker has no address any more
    connect().removeWorker(victim);
    pause.release();
    await(
        () -> isRunningElsewhere(victimId),
        TIMEOUT,
        () -> "task 0 running on the remaining worker; last seen " + lastStatus);

    reader.awaitCount(32, TIMEOUT);
    long calls = ecr.describeCalls(US, account);
    await(() -> ecr.describeCalls(US, account) >= calls + 3, "three more polls");
    assertThat(events(reader.readToEnd(TIMEOUT)))
        .as("batch 1 once; the first ten records of batch 2 twice; all of batch 2")
        .isEqualTo(concat(batch1, batch2.subList(0, 10), batch2));
  }

  /** Two registries on two tasks; the worker of task 0 leaves and changes happen meanwhile. */
  @Test
  void aRemovedWorkersTasksMoveToTheOtherWorkerAndNothingIsLost() throws Exception {
    newScenario();
    ecr.put(US, account, rule("us-1"));
    ecr.put(EU, account, rule("eu-1"));
    Map<String, String> props = ItSupport.connectorConfig(ecr, topic, account, "alo-secret");
    props.put("aws.regions", US + "," + EU);
    props.put("tasks.max", "2");
    start(props, 2);
    reader.awaitCount(2, TIMEOUT);
    await(
        () -> connect().connectorOffsets(connector).offsets().size() == 2,
        "both offsets committed");

    WorkerHandle victim = ItSupport.workerOfTask(connect(), connector, 0);
    String victimId = ItSupport.workerId(victim); // a stopped worker has no address any more
    connect().removeWorker(victim);
    ecr.put(US, account, rule("us-2"));
    ecr.update(EU, account, "eu-1", r -> r.withUpstreamRepositoryPrefix("mirror"));
    await(
        () -> isRunningElsewhere(victimId),
        TIMEOUT,
        () -> "every task running on the remaining worker; last seen " + lastStatus);
    ecr.put(EU, account, rule("eu-2"));
    ecr.delete(US, account, "us-1");

    Set<String> expected =
        Set.of("r us-1", "r eu-1", "c us-2", "u eu-1", "c eu-2", "d us-1", "tombstone us-1");
    reader.awaitUntil(r -> new HashSet<>(events(r)).containsAll(expected), TIMEOUT, "every change");
    long calls = ecr.describeCalls(EU, account);
    await(() -> ecr.describeCalls(EU, account) >= calls + 3, "three more polls");
    List<String> seen = events(reader.readToEnd(TIMEOUT));
    assertThat(new HashSet<>(seen)).as("nothing lost, nothing invented").isEqualTo(expected);
    assertThat(seen).as("a graceful hand-over commits offsets first: no duplicates").hasSize(7);
  }

  private volatile String lastStatus;

  /** Every task runs, and none on {@code gone}. */
  private boolean isRunningElsewhere(String gone) {
    try {
      var status = connect().connectorStatus(connector);
      lastStatus =
          status.tasks().stream()
                  .map(t -> t.id() + " " + t.state() + " " + t.workerId())
                  .collect(Collectors.joining(", "))
              + " (gone: "
              + gone
              + ")";
      return !status.tasks().isEmpty()
          && status.tasks().stream()
              .allMatch(t -> t.state().equals("RUNNING") && !t.workerId().equals(gone));
    } catch (RuntimeException e) {
      lastStatus = e.toString();
      return false; // the REST call landed on the worker that is going away
    }
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
