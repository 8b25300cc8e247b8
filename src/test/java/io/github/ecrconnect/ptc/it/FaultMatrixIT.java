package io.github.ecrconnect.ptc.it;

import static io.github.ecrconnect.ptc.it.ItSupport.TIMEOUT;
import static io.github.ecrconnect.ptc.it.ItSupport.US;
import static io.github.ecrconnect.ptc.it.ItSupport.await;
import static io.github.ecrconnect.ptc.it.ItSupport.events;
import static io.github.ecrconnect.ptc.it.ItSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import io.github.ecrconnect.ptc.testkit.FakeRule;
import io.github.ecrconnect.ptc.testkit.Fault;
import io.github.ecrconnect.ptc.testkit.LogCapture;
import io.github.ecrconnect.ptc.testkit.RecordedAssumeRole;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fault matrix: each test injects one misbehaviour of the ECR endpoint (or of the network, or
 * of credentials) into a running connector on a real worker. A retriable fault must leave the task
 * RUNNING however long it lasts, show in metrics and in at most one WARN a minute per registry, and
 * once it passes every change made meanwhile arrives, once, with no event that did not happen. A
 * fault that needs the user fails the task with one actionable message.
 */
class FaultMatrixIT {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

  private static ConnectorFixture fixture;
  private static ConnectTestCluster cluster;
  private static FakeEcrServer ecr;
  private static LogCapture logs;

  private FakeEcrServer ownEcr;
  private TopicReader reader;
  private String connector;
  private String topic;
  private String account;

  @BeforeAll
  static void startCluster() {
    fixture = ConnectorFixture.start("ecr-faults");
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
    if (ownEcr != null) {
      ownEcr.close();
    }
  }

  private EmbeddedConnectCluster connect() {
    return cluster.connect();
  }

  private void newScenario() {
    int n = SEQUENCE.incrementAndGet();
    connector = "faults-" + n;
    topic = "faults-rules-" + n;
    account = String.format("4000000000%02d", n);
    reader = cluster.reader(topic);
  }

  private Map<String, String> config(FakeEcrServer server) {
    return ItSupport.connectorConfig(server, topic, account, "faults-secret");
  }

  private void start(Map<String, String> props) throws InterruptedException {
    connect().configureConnector(connector, props);
    connect()
        .assertions()
        .assertConnectorAndExactlyNumTasksAreRunning(connector, 1, "did not start");
  }

  private void assertRunning() {
    ConnectorStateInfo status = connect().connectorStatus(connector);
    assertThat(status.connector().state()).isEqualTo("RUNNING");
    assertThat(status.tasks())
        .singleElement()
        .satisfies(t -> assertThat(t.state()).isEqualTo("RUNNING"));
  }

  private long metric(String attribute) {
    try {
      ObjectName name =
          new ObjectName(
              "io.github.ecrconnect.ecr.ptc:type=task-metrics,connector=" + connector + ",task=0");
      return ((Number) JMX.getAttribute(name, attribute)).longValue();
    } catch (JMException e) {
      return -1;
    }
  }

  /** Waits until {@code calls} more listings calls reached {@code server} for this account. */
  private void awaitCalls(FakeEcrServer server, int calls) {
    long before = server.describeCalls(US, account);
    await(() -> server.describeCalls(US, account) >= before + calls, calls + " more calls");
  }

  /** Waits until {@code polls} more registry polls have failed. */
  private void awaitFailedPolls(int polls) {
    long before = Math.max(0, metric("TotalNumberOfPollErrors"));
    await(() -> metric("TotalNumberOfPollErrors") >= before + polls, polls + " more failed polls");
  }

  private List<String> retryWarnings() {
    return retryLines().stream().filter(l -> l.startsWith("WARN")).toList();
  }

  /** The task's retry lines for this registry: the WARN of each minute, DEBUG for the others. */
  private List<String> retryLines() {
    return logs.lines().stream()
        .filter(
            l ->
                l.startsWith("WARN io.github.ecrconnect")
                    || l.startsWith("DEBUG io.github.ecrconnect"))
        .filter(l -> l.contains(account + "@" + US) && l.toLowerCase().contains("retrying at"))
        .toList();
  }

  /** The first start read {@code initial}; after the fault a new rule arrives, and only it. */
  private void assertRecoveredWithOnly(List<String> initial, String... changes) {
    List<String> expected = new java.util.ArrayList<>(initial);
    expected.addAll(List.of(changes));
    reader.awaitCount(expected.size(), TIMEOUT);
    awaitCalls(ownEcr != null ? ownEcr : ecr, 3);
    assertThat(events(reader.readToEnd(TIMEOUT))).isEqualTo(expected);
    assertRunning();
  }

  private List<String> startWith(Map<String, String> props, String... prefixes)
      throws InterruptedException {
    for (String prefix : prefixes) {
      ecr.put(US, account, rule(prefix));
    }
    start(props);
    return events(reader.awaitCount(prefixes.length, TIMEOUT));
  }

  @Test
  void throttlingThatLastsKeepsTheTaskRunningCountedAndWarnedOnceAMinute() throws Exception {
    newScenario();
    Map<String, String> props = config(ecr);
    props.put("aws.ecr.max.attempts", "1"); // the connector's backoff only, not the SDK's as well
    List<String> initial = startWith(props, "before");
    long throttledBefore = metric("TotalNumberOfThrottledApiCalls");

    ecr.inject(Fault.throttling().forRegistry(account).always());
    ecr.put(US, account, rule("during"));
    awaitFailedPolls(10);
    assertRunning();
    assertThat(metric("NumberOfRegistriesFailing")).isEqualTo(1);
    assertThat(metric("TotalNumberOfThrottledApiCalls") - throttledBefore)
        .isGreaterThanOrEqualTo(10);
    assertThat(retryWarnings()).as("one WARN a minute for the registry").hasSize(1);
    assertThat(retryWarnings().get(0)).contains("ThrottlingException");
    assertThat(reader.readToEnd(TIMEOUT)).as("nothing while throttled").hasSize(1);

    ecr.clearFaults();
    assertRecoveredWithOnly(initial, "c during");
    await(() -> metric("NumberOfRegistriesFailing") == 0, "the registry recovered");
  }

  @Test
  void burstsOf5xxKeepTheTaskRunningAndLoseNothing() throws Exception {
    newScenario();
    List<String> initial = startWith(config(ecr), "before");

    ecr.inject(Fault.serverError().forRegistry(account).times(6));
    ecr.inject(Fault.error(502, "BadGateway", "Bad Gateway").forRegistry(account).times(6));
    ecr.inject(Fault.serviceUnavailable().forRegistry(account).times(6));
    ecr.put(US, account, rule("during"));
    ecr.delete(US, account, "before");
    awaitFailedPolls(3);
    assertRunning();

    assertRecoveredWithOnly(initial, "c during", "d before", "tombstone before");
  }

  @Test
  void responsesSlowerThanTheApiCallTimeoutAreRetried() throws Exception {
    newScenario();
    Map<String, String> props = config(ecr);
    props.put("aws.ecr.api.call.attempt.timeout.ms", "200");
    props.put("aws.ecr.api.call.timeout.ms", "400");
    List<String> initial = startWith(props, "before");

    ecr.inject(Fault.delay(Duration.ofMillis(1_500)).forRegistry(account).times(6));
    ecr.put(US, account, rule("during"));
    awaitFailedPolls(2);
    assertRunning();
    assertThat(retryLines())
        .anyMatch(l -> l.contains("did not complete before the specified timeout"));

    assertRecoveredWithOnly(initial, "c during");
  }

  @Test
  void anEndpointThatIsDownAndComesBackOnTheSamePortIsRetriedUntilItIsBack() throws Exception {
    newScenario();
    ownEcr = FakeEcrServer.start();
    int port = ownEcr.port();
    ownEcr.put(US, account, rule("before"));
    start(config(ownEcr));
    List<String> initial = events(reader.awaitCount(1, TIMEOUT));
    List<FakeRule> stored = ownEcr.rules(US, account);

    ownEcr.close(); // connection refused from now on
    awaitFailedPolls(5);
    assertRunning();
    assertThat(retryLines()).anyMatch(l -> l.contains("Connection refused"));

    ownEcr = startOnPort(port);
    stored.forEach(r -> ownEcr.putAsIs(US, account, r)); // the same rules, timestamps and all
    ownEcr.put(US, account, rule("while-down"));
    assertRecoveredWithOnly(initial, "c while-down");
  }

  /** The port was just released; binding it again may need a moment. */
  private static FakeEcrServer startOnPort(int port) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      try {
        return FakeEcrServer.start(port);
      } catch (java.io.UncheckedIOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.onSpinWait();
      }
    }
  }

  @Test
  void malformedJsonAndTruncatedBodiesAreRetriedWithoutFalseDeletes() throws Exception {
    newScenario();
    List<String> initial = startWith(config(ecr), "before");

    ecr.inject(Fault.malformedJson().forRegistry(account).times(6));
    ecr.inject(Fault.truncatedBody().forRegistry(account).times(6));
    ecr.put(US, account, rule("during"));
    awaitFailedPolls(3);
    assertRunning();

    assertRecoveredWithOnly(initial, "c during");
  }

  @Test
  void aNextTokenLoopAbandonsTheListingInsteadOfSpinning() throws Exception {
    newScenario();
    Map<String, String> props = config(ecr);
    props.put("aws.ecr.max.results", "2");
    List<String> initial = startWith(props, "p1", "p2", "p3", "p4", "p5");

    ecr.inject(Fault.nextTokenLoop().forRegistry(account).onPage(2).always());
    ecr.delete(US, account, "p5");
    long callsBefore = ecr.describeCalls(US, account);
    long failedBefore = metric("TotalNumberOfPollErrors");
    awaitFailedPolls(5);
    long calls = ecr.describeCalls(US, account) - callsBefore;
    long failed = metric("TotalNumberOfPollErrors") - failedBefore;
    assertThat(calls)
        .as("two calls per abandoned listing: page 1, then page 2 repeating its token")
        .isLessThanOrEqualTo(2 * failed + 2);
    assertThat(retryLines()).isNotEmpty().allMatch(l -> l.contains("same nextToken twice"));
    assertThat(reader.readToEnd(TIMEOUT)).as("no partial snapshot, so no false delete").hasSize(5);
    assertRunning();

    ecr.clearFaults();
    assertRecoveredWithOnly(initial, "d p5", "tombstone p5");
  }

  @Test
  void aRuleRepeatedAcrossPagesIsOneRule() throws Exception {
    newScenario();
    for (String prefix : List.of("p1", "p2", "p3", "p4", "p5")) {
      ecr.put(US, account, rule(prefix));
    }
    ecr.inject(Fault.duplicateAcrossPages().forRegistry(account).always());
    Map<String, String> props = config(ecr);
    props.put("aws.ecr.max.results", "2");
    start(props);
    List<String> initial = events(reader.awaitCount(5, TIMEOUT));
    assertThat(initial).containsExactly("r p1", "r p2", "r p3", "r p4", "r p5");
    assertThat(ecr.requests()).anyMatch(r -> r.fault() != null);

    ecr.update(US, account, "p3", r -> r.withUpstreamRepositoryPrefix("mirror"));
    assertRecoveredWithOnly(initial, "u p3");
  }

  @Test
  void aRuleWithOnlyItsPrefixHasNullOptionalFields() throws Exception {
    newScenario();
    ecr.putAsIs(US, account, FakeRule.builder().ecrRepositoryPrefix("bare").build());
    start(config(ecr));

    Struct after = reader.awaitCount(1, TIMEOUT).get(0).after();
    assertThat(after.getString("ecrRepositoryPrefix")).isEqualTo("bare");
    assertThat(after.getString("registryId")).isEqualTo(account);
    for (String field :
        List.of(
            "upstreamRegistryUrl",
            "upstreamRegistry",
            "upstreamRepositoryPrefix",
            "credentialArn",
            "customRoleArn",
            "createdAt",
            "updatedAt")) {
      assertThat(after.get(field)).as(field).isNull();
    }
    ecr.put(US, account, rule("full"));
    assertRecoveredWithOnly(List.of("r bare"), "c full");
  }

  @Test
  void anUpstreamRegistryTheSdkDoesNotKnowIsKeptAsTheRawString() throws Exception {
    newScenario();
    ecr.put(US, account, FakeRule.of("future", "registry.example.com", "quantum-registry-2031"));
    start(config(ecr));

    ChangeRecord record = reader.awaitCount(1, TIMEOUT).get(0);
    assertThat(record.after().getString("upstreamRegistry")).isEqualTo("quantum-registry-2031");
    ecr.update(US, account, "future", r -> r.withUpstreamRegistry("quantum-registry-2032"));
    List<ChangeRecord> records = reader.awaitCount(2, TIMEOUT);
    assertThat(records.get(1).changedFields()).containsExactly("upstreamRegistry");
    assertThat(records.get(1).after().getString("upstreamRegistry"))
        .isEqualTo("quantum-registry-2032");
    assertRecoveredWithOnly(List.of("r future"), "u future");
  }

  @Test
  void assumedRoleCredentialsThatExpireMidRunAreRenewed() throws Exception {
    newScenario();
    ownEcr = FakeEcrServer.start();
    ownEcr.setSessionDuration(Duration.ofMinutes(15));
    ownEcr.put(US, account, rule("before"));
    Map<String, String> props = config(ownEcr);
    props.put("aws.sts.role.arn", "arn:aws:iam::" + account + ":role/ecr-reader");
    props.put("aws.sts.endpoint", ownEcr.endpoint().toString());
    start(props);
    List<String> initial = events(reader.awaitCount(1, TIMEOUT));
    long granted = ownEcr.assumeRoleCalls().stream().filter(RecordedAssumeRole::granted).count();

    ownEcr.advanceClock(Duration.ofMinutes(16)); // the session ends while the task runs
    ownEcr.put(US, account, rule("after-expiry"));
    reader.awaitCount(2, TIMEOUT);
    assertThat(ownEcr.assumeRoleCalls().stream().filter(RecordedAssumeRole::granted).count())
        .as("the role was assumed again")
        .isGreaterThan(granted);
    assertThat(metric("TotalNumberOfPollErrors"))
        .as("the expired session was refused once")
        .isGreaterThanOrEqualTo(1);
    assertRecoveredWithOnly(initial, "c after-expiry");
  }

  @Test
  void accessDeniedFailsTheTaskWithOneActionableMessage() throws Exception {
    newScenario();
    startWith(config(ecr), "before");

    ecr.inject(Fault.accessDenied().forRegistry(account).always());
    connect()
        .assertions()
        .assertConnectorIsRunningAndTasksHaveFailed(connector, 1, "task did not fail");
    String trace = connect().connectorStatus(connector).tasks().get(0).trace();
    String first = trace.lines().findFirst().orElseThrow();
    assertThat(first)
        .startsWith(
            "org.apache.kafka.connect.errors.ConnectException: Listing pull-through cache"
                + " rules of registry "
                + account
                + "@"
                + US)
        .contains(
            "was denied",
            "Grant the IAM action ecr:DescribePullThroughCacheRules",
            "arn:aws:ecr:us-east-1:" + account + ":repository/*");
  }
}
