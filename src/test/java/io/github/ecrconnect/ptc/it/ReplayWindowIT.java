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
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The replay window of the default (at-least-once) delivery, on a worker with the default {@code
 * offset.flush.interval.ms} (60 s) and the default {@code task.shutdown.graceful.timeout.ms}: a
 * crash re-emits every change since the worker last committed the task's offsets, as one merged
 * diff, and nothing from before that commit. The only setting changed is {@code
 * scheduled.rebalance.max.delay.ms}, which decides how soon the other worker takes the task over (5
 * minutes by default), not what it emits.
 */
class ReplayWindowIT {
  private static final String ACCOUNT = "400000000001";
  private static final String CONNECTOR = "replay";
  private static final String TOPIC = "replay-rules";

  private FakeEcrServer ecr;
  private ConnectTestCluster cluster;
  private TopicReader reader;

  @BeforeEach
  void start() {
    ecr = FakeEcrServer.start();
    cluster =
        ConnectTestCluster.start(
            "ecr-replay",
            2,
            Map.of(
                WorkerConfig.OFFSET_COMMIT_INTERVAL_MS_CONFIG,
                String.valueOf(WorkerConfig.OFFSET_COMMIT_INTERVAL_MS_DEFAULT),
                "scheduled.rebalance.max.delay.ms",
                "1000"));
    reader = cluster.reader(TOPIC);
  }

  @AfterEach
  void stop() {
    PauseOnPrefix.disarm();
    reader.close();
    cluster.close();
    ecr.close();
  }

  private EmbeddedConnectCluster connect() {
    return cluster.connect();
  }

  /**
   * Snapshot; a graceful task restart (which commits the offsets); one change of three rules; a
   * crash while the next change is being sent. The next instance restores the state committed at
   * the restart and emits the three changes again, then the one the crash interrupted.
   */
  @Test
  void aCrashReEmitsTheChangesSinceTheLastOffsetCommitAndNothingBefore() throws Exception {
    for (String prefix : List.of("a", "b", "c")) {
      ecr.put(US, ACCOUNT, rule(prefix));
    }
    Map<String, String> props = ItSupport.connectorConfig(ecr, TOPIC, ACCOUNT, "replay-secret");
    props.put("transforms", "pause");
    props.put("transforms.pause.type", PauseOnPrefix.class.getName());
    connect().configureConnector(CONNECTOR, props);
    connect().assertions().assertConnectorAndExactlyNumTasksAreRunning(CONNECTOR, 1, "started");
    List<String> snapshot = events(reader.awaitCount(3, TIMEOUT));
    assertThat(snapshot).containsExactly("r a", "r b", "r c");
    assertThat(connect().connectorOffsets(CONNECTOR).offsets())
        .as("with the default offset.flush.interval.ms nothing is committed in the first seconds")
        .isEmpty();

    ItSupport.restartTask(connect(), CONNECTOR, 0);
    await(
        () -> !connect().connectorOffsets(CONNECTOR).offsets().isEmpty(),
        "a graceful stop commits");
    long committedAt = System.nanoTime();
    connect().assertions().assertConnectorAndExactlyNumTasksAreRunning(CONNECTOR, 1, "restarted");

    List<FakeRule> next = new ArrayList<>();
    for (FakeRule stored : ecr.rules(US, ACCOUNT)) {
      switch (stored.ecrRepositoryPrefix()) {
        case "a":
          next.add(stored.withUpstreamRepositoryPrefix("mirror"));
          break;
        case "b":
          break; // deleted
        default:
          next.add(stored);
      }
    }
    next.add(rule("d"));
    ecr.replaceAll(US, ACCOUNT, next); // one atomic change: one poll sees all of it
    List<String> change = events(reader.awaitCount(7, TIMEOUT).subList(3, 7));
    assertThat(change).containsExactlyInAnyOrder("u a", "d b", "tombstone b", "c d");

    PauseOnPrefix.Pause pause = PauseOnPrefix.arm("e");
    ecr.put(US, ACCOUNT, rule("e"));
    assertThat(pause.reached.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
        .as("the task holds the record of e")
        .isTrue();
    WorkerHandle victim = ItSupport.workerOfTask(connect(), CONNECTOR, 0);
    String victimId = ItSupport.workerId(victim);
    long crashedAt = System.nanoTime();
    connect().removeWorker(victim); // the held task cannot stop gracefully: it is cancelled
    pause.release();
    await(
        () -> runsElsewhere(victimId),
        TIMEOUT,
        () -> "task 0 running on the other worker: " + connect().connectorStatus(CONNECTOR));

    List<String> afterCrash = events(reader.awaitCount(12, TIMEOUT).subList(7, 12));
    long calls = ecr.describeCalls(US, ACCOUNT);
    await(() -> ecr.describeCalls(US, ACCOUNT) >= calls + 3, "three more polls");
    List<String> all = events(reader.readToEnd(TIMEOUT));
    assertThat(all).as("nothing more after the replay").hasSize(12);
    assertThat(all.subList(0, 3)).as("from before the commit: once").isEqualTo(snapshot);
    assertThat(afterCrash)
        .as("since the commit: the change again (one merged diff), then e")
        .containsExactlyInAnyOrder("u a", "d b", "tombstone b", "c d", "c e");
    System.out.printf(
        "[replay window] offset.flush.interval.ms=%d (default): crash %d ms after the last offset"
            + " commit re-emitted %d records of 1 change of 3 rules (%s); records from before the"
            + " commit re-emitted: 0%n",
        WorkerConfig.OFFSET_COMMIT_INTERVAL_MS_DEFAULT,
        TimeUnit.NANOSECONDS.toMillis(crashedAt - committedAt),
        change.size(),
        change);
  }

  private boolean runsElsewhere(String gone) {
    try {
      var tasks = connect().connectorStatus(CONNECTOR).tasks();
      return !tasks.isEmpty()
          && tasks.stream()
              .allMatch(t -> t.state().equals("RUNNING") && !t.workerId().equals(gone));
    } catch (RuntimeException e) {
      return false; // the REST call landed on the worker that is going away
    }
  }
}
