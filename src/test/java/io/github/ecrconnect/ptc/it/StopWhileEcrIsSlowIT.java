package io.github.ecrconnect.ptc.it;

import static io.github.ecrconnect.ptc.it.ItSupport.TIMEOUT;
import static io.github.ecrconnect.ptc.it.ItSupport.US;
import static io.github.ecrconnect.ptc.it.ItSupport.await;
import static io.github.ecrconnect.ptc.it.ItSupport.events;
import static io.github.ecrconnect.ptc.it.ItSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import io.github.ecrconnect.ptc.testkit.Fault;
import io.github.ecrconnect.ptc.testkit.LogCapture;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A restart, a connector restart and a rebalance while ECR holds a listing unanswered, on a real
 * worker with its default task.shutdown.graceful.timeout.ms (5 s) and the SDK's default timeouts
 * (10 s an attempt, 30 s a call): the task stops within the grace period (no "Graceful stop of task
 * ... failed", which would leave the old instance running beside its successor), the live instance
 * keeps its metrics, and once ECR answers again the stream goes on with every change exactly once.
 */
class StopWhileEcrIsSlowIT {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

  private static ConnectorFixture fixture;
  private static ConnectTestCluster cluster;
  private static FakeEcrServer ecr;
  private static LogCapture logs;

  private TopicReader reader;
  private String connector;
  private String topic;
  private String account;
  private Map<String, String> props;

  @BeforeAll
  static void startCluster() {
    fixture = ConnectorFixture.start("ecr-stop");
    logs = fixture.logs;
    ecr = fixture.ecr;
    cluster = fixture.cluster;
  }

  @AfterAll
  static void stopCluster() {
    fixture.close();
  }

  @AfterEach
  void cleanUp() {
    fixture.endScenario(connector, reader);
  }

  private static EmbeddedConnectCluster connect() {
    return cluster.connect();
  }

  @Test
  void restartingTheTaskWhileEcrHoldsAListing() throws Exception {
    stopWhileEcrHoldsAListing(
        () -> {
          long start = System.nanoTime();
          ItSupport.restartTask(connect(), connector, 0); // answers once the old instance stopped
          Duration took = Duration.ofNanos(System.nanoTime() - start);
          assertThat(took).as("well within the 5 s grace period").isLessThan(Duration.ofSeconds(4));
        });
  }

  @Test
  void restartingTheConnectorAndItsTasksWhileEcrHoldsAListing() throws Exception {
    stopWhileEcrHoldsAListing(
        () -> connect().restartConnectorAndTasks(connector, false, true, false));
  }

  @Test
  void aRebalanceForANewConfigWhileEcrHoldsAListing() throws Exception {
    stopWhileEcrHoldsAListing(
        () -> {
          props.put("poll.interval.ms", "400"); // new task configs: the tasks are revoked
          connect().configureConnector(connector, props);
        });
  }

  private void stopWhileEcrHoldsAListing(Runnable stop) throws Exception {
    int n = SEQUENCE.incrementAndGet();
    connector = "stop-slow-" + n;
    topic = "stop-slow-rules-" + n;
    account = String.format("5000000000%02d", n);
    reader = cluster.reader(topic);
    props = ItSupport.connectorConfig(ecr, topic, account, "stop-secret");
    props.remove("aws.ecr.api.call.attempt.timeout.ms"); // the SDK's defaults: 10 s per attempt,
    props.remove("aws.ecr.api.call.timeout.ms"); // 30 s per call

    ecr.put(US, account, rule("before"));
    connect().configureConnector(connector, props);
    connect().assertions().assertConnectorAndExactlyNumTasksAreRunning(connector, 1, "not started");
    assertThat(events(reader.awaitCount(1, TIMEOUT))).containsExactly("r before");
    await(() -> !connect().connectorOffsets(connector).offsets().isEmpty(), "offsets committed");

    Fault hold = Fault.hold().forRegistry(account).always();
    ecr.inject(hold);
    long calls = ecr.describeCalls(US, account);
    await(() -> ecr.describeCalls(US, account) > calls, "a listing that ECR holds");
    int starts = taskStarts();

    stop.run();
    await(() -> taskStarts() > starts, "the task started again");
    connect().assertions().assertConnectorAndExactlyNumTasksAreRunning(connector, 1, "not running");
    assertThat(logs.lines().stream().filter(line -> line.contains("Graceful stop of task")))
        .as("the worker stopped the task within task.shutdown.graceful.timeout.ms")
        .noneMatch(line -> line.contains(connector + "-0 failed"));
    assertThat(JMX.isRegistered(metricsName())).as("the running instance's metrics").isTrue();

    ecr.removeFault(hold); // ECR answers again, the held requests too
    ecr.put(US, account, rule("after"));
    reader.awaitCount(2, TIMEOUT);
    ecr.delete(US, account, "before");
    reader.awaitCount(4, TIMEOUT);
    long later = ecr.describeCalls(US, account);
    await(() -> ecr.describeCalls(US, account) >= later + 3, "three more listings");

    assertThat(events(reader.readToEnd(TIMEOUT)))
        .as("nothing lost, nothing repeated")
        .containsExactly("r before", "c after", "d before", "tombstone before");
    assertThat(JMX.isRegistered(metricsName()))
        .as("the old instance, stopped, did not take the running one's metrics")
        .isTrue();
    assertThat(totalPolls()).isPositive();
  }

  /** How often task 0 of this connector started (its INFO line). */
  private int taskStarts() {
    return (int)
        logs.lines().stream()
            .filter(line -> line.contains("Started task 0 of " + connector + ":"))
            .count();
  }

  private ObjectName metricsName() throws JMException {
    return new ObjectName(
        "io.github.ecrconnect.ecr.ptc:type=task-metrics,connector=" + connector + ",task=0");
  }

  private long totalPolls() throws JMException {
    return ((Number) JMX.getAttribute(metricsName(), "TotalNumberOfPolls")).longValue();
  }
}
