package io.github.ecrconnect.ptc.it;

import static io.github.ecrconnect.ptc.it.TopicReader.ops;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import io.github.ecrconnect.ptc.testkit.FakeRule;
import io.github.ecrconnect.ptc.testkit.Fault;
import io.github.ecrconnect.ptc.testkit.LogCapture;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connector on a real in-JVM Kafka broker and Connect worker, reading through the real AWS SDK
 * from a local endpoint that speaks ECR's protocol. Each test uses its own connector, topic and
 * registry ids, so they share one cluster.
 */
class EcrSourceConnectorIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String SECRET = "SECRET-SENTINEL-7f3a9c0d";
  private static final String US = "us-east-1";
  private static final String EU = "eu-west-1";
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private static ConnectorFixture fixture;
  private static ConnectTestCluster cluster;
  private static FakeEcrServer ecr;
  private static LogCapture logs;

  private String connector;
  private String topic;
  private String account;
  private TopicReader reader;

  @BeforeAll
  static void startCluster() {
    fixture = ConnectorFixture.start("ecr-it");
    logs = fixture.logs;
    ecr = fixture.ecr;
    cluster = fixture.cluster;
  }

  @AfterAll
  static void stopCluster() {
    fixture.close();
  }

  private void newScenario() {
    int n = SEQUENCE.incrementAndGet();
    connector = "ecr-" + n;
    topic = "ecr-rules-" + n;
    account = String.format("1000000000%02d", n);
    reader = cluster.reader(topic);
  }

  @AfterEach
  void cleanUp() {
    fixture.endScenario(connector, reader);
  }

  private EmbeddedConnectCluster connect() {
    return cluster.connect();
  }

  /** This scenario's connector properties (ItSupport's), changed fluently with set. */
  private Config config() {
    return new Config(ItSupport.connectorConfig(ecr, topic, account, SECRET))
        .set("poll.interval.ms", "500")
        .set("retry.backoff.max.ms", "1000");
  }

  private static final class Config {
    final Map<String, String> props;

    Config(Map<String, String> props) {
      this.props = props;
    }

    Config set(String key, String value) {
      props.put(key, value);
      return this;
    }
  }

  private void start(Config config, int tasks) throws InterruptedException {
    connect().configureConnector(connector, config.props);
    connect()
        .assertions()
        .assertConnectorAndExactlyNumTasksAreRunning(connector, tasks, "did not start");
  }

  private static FakeRule rule(String prefix) {
    return ItSupport.rule(prefix);
  }

  private static void awaitCondition(BooleanSupplier condition, String what) {
    ItSupport.await(condition, what);
  }

  /** Waits until the endpoint has answered {@code polls} more full listings of the registry. */
  private void awaitMoreCalls(String region, long before, int calls) throws InterruptedException {
    awaitCondition(
        () -> ecr.describeCalls(region, account) >= before + calls,
        calls + " more DescribePullThroughCacheRules calls");
  }

  private String restGet(String resource) throws Exception {
    java.net.http.HttpResponse<String> response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(connect().endpointForResource(resource)))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private void assertRunning() {
    ConnectorStateInfo status = connect().connectorStatus(connector);
    assertThat(status.connector().state()).isEqualTo("RUNNING");
    assertThat(status.tasks()).allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));
  }

  @Test
  void firstStartReadsEveryRuleAcrossTwoRegionsAndTwoTasks() throws Exception {
    newScenario();
    ecr.put(US, account, rule("docker-hub"));
    ecr.put(
        US,
        account,
        FakeRule.of("quay", "quay.io", "quay")
            .withCustomRoleArn("arn:aws:iam::000000000000:role/r"));
    ecr.put(EU, account, FakeRule.of("ghcr", "ghcr.io", "github-container-registry"));

    start(config().set("aws.regions", US + "," + EU).set("tasks.max", "2"), 2);

    List<ChangeRecord> records = reader.awaitCount(3, TIMEOUT);
    assertThat(ops(records)).containsOnly("r").hasSize(3);
    Map<String, ChangeRecord> byKey =
        records.stream().collect(Collectors.toMap(r -> r.region() + "/" + r.prefix(), r -> r));
    assertThat(byKey).containsOnlyKeys(US + "/docker-hub", US + "/quay", EU + "/ghcr");
    for (String region : List.of(US, EU)) {
      for (FakeRule expected : ecr.rules(region, account)) {
        ChangeRecord record = byKey.get(region + "/" + expected.ecrRepositoryPrefix());
        assertThat(record.key().getString("registryId")).isEqualTo(account);
        assertSameRule(record.after(), expected);
        assertThat(record.before()).isNull();
        assertThat(record.value().getStruct("source").getString("region")).isEqualTo(region);
      }
    }
    assertThat(reader.readToEnd(TIMEOUT)).hasSize(3);
  }

  private static void assertSameRule(Struct after, FakeRule expected) {
    assertThat(after.getString("registryId")).isEqualTo(expected.registryId());
    assertThat(after.getString("ecrRepositoryPrefix")).isEqualTo(expected.ecrRepositoryPrefix());
    assertThat(after.getString("upstreamRegistryUrl")).isEqualTo(expected.upstreamRegistryUrl());
    assertThat(after.getString("upstreamRegistry")).isEqualTo(expected.upstreamRegistry());
    assertThat(after.getString("upstreamRepositoryPrefix"))
        .isEqualTo(expected.upstreamRepositoryPrefix());
    assertThat(after.getString("credentialArn")).isEqualTo(expected.credentialArn());
    assertThat(after.getString("customRoleArn")).isEqualTo(expected.customRoleArn());
    assertThat(((Date) after.get("createdAt")).toInstant().toEpochMilli())
        .isEqualTo(expected.createdAt().toEpochMilli());
    assertThat(((Date) after.get("updatedAt")).toInstant().toEpochMilli())
        .isEqualTo(expected.updatedAt().toEpochMilli());
  }

  @Test
  void createUpdateAndDeleteEachEmitOneEvent() throws Exception {
    newScenario();
    ecr.put(US, account, rule("to-update"));
    ecr.put(US, account, rule("to-delete"));
    start(config(), 1);
    reader.awaitCount(2, TIMEOUT);

    ecr.put(US, account, rule("created"));
    ecr.update(US, account, "to-update", r -> r.withCredentialArn(r.credentialArn() + "-rotated"));
    ecr.delete(US, account, "to-delete");

    List<ChangeRecord> changes = reader.awaitCount(6, TIMEOUT).subList(2, 6);
    assertThat(ops(changes)).containsExactly("c", "u", "d", "tombstone");
    ChangeRecord update = changes.get(1);
    assertThat(update.changedFields()).containsExactly("credentialArn");
    assertThat(update.before().getString("credentialArn")).doesNotEndWith("-rotated");
    assertThat(update.after().getString("credentialArn")).endsWith("-rotated");
    assertThat(changes.get(2).before().getString("ecrRepositoryPrefix")).isEqualTo("to-delete");
    assertThat(changes.get(2).after()).isNull();
    assertThat(changes.get(3).key()).isEqualTo(changes.get(2).key());
  }

  @Test
  void quietPollsProduceNoRecords() throws Exception {
    newScenario();
    ecr.put(US, account, rule("stable"));
    start(config(), 1);
    reader.awaitCount(1, TIMEOUT);

    long calls = ecr.describeCalls(US, account);
    awaitMoreCalls(US, calls, 4); // three full polls after the first, and the start of a fourth

    assertThat(reader.readToEnd(TIMEOUT)).hasSize(1);
    assertRunning();
  }

  @Test
  void aRestartEmitsOnlyWhatChangedWhileStopped() throws Exception {
    newScenario();
    ecr.put(US, account, rule("kept"));
    ecr.put(US, account, rule("updated"));
    ecr.put(US, account, rule("deleted"));
    start(config(), 1);
    reader.awaitCount(3, TIMEOUT);
    awaitCondition(
        () -> !connect().connectorOffsets(connector).offsets().isEmpty(), "committed offsets");

    connect().stopConnector(connector);
    connect().assertions().assertConnectorIsStopped(connector, "did not stop");
    ecr.update(US, account, "updated", r -> r.withUpstreamRepositoryPrefix("mirror"));
    ecr.delete(US, account, "deleted");
    connect().resumeConnector(connector);
    connect()
        .assertions()
        .assertConnectorAndExactlyNumTasksAreRunning(connector, 1, "did not resume");

    List<ChangeRecord> after = reader.awaitCount(6, TIMEOUT).subList(3, 6);
    assertThat(ops(after)).containsExactly("u", "d", "tombstone");
    assertThat(after.get(0).prefix()).isEqualTo("updated");
    assertThat(after.get(0).changedFields()).containsExactly("upstreamRepositoryPrefix");
    assertThat(after.get(1).prefix()).isEqualTo("deleted");

    long calls = ecr.describeCalls(US, account);
    awaitMoreCalls(US, calls, 2);
    assertThat(ops(reader.readToEnd(TIMEOUT)))
        .containsExactly("r", "r", "r", "u", "d", "tombstone");
  }

  /**
   * Reading the caller's own registry implicitly, then naming its account (as one must, to add a
   * second account): the same registry, so the rule deleted in between is one delete, and nothing
   * is read again.
   */
  @Test
  void namingTheOwnAccountExplicitlyKeepsItsStateAndEmitsTheDeleteInBetween() throws Exception {
    newScenario();
    String accessKey = "AKIDOWN" + account;
    ecr.setAccount(accessKey, account);
    ecr.put(US, account, rule("kept"));
    ecr.put(US, account, rule("deleted"));
    Config implicit = config().set("aws.access.key.id", accessKey);
    implicit.props.remove("aws.ecr.registry.ids");
    start(implicit, 1);
    assertThat(ItSupport.events(reader.awaitCount(2, TIMEOUT)))
        .containsExactly("r deleted", "r kept");
    awaitCondition(
        () -> !connect().connectorOffsets(connector).offsets().isEmpty(), "committed offsets");

    connect().stopConnector(connector);
    connect().assertions().assertConnectorIsStopped(connector, "did not stop");
    ecr.delete(US, account, "deleted");
    connect()
        .configureConnector(
            connector,
            config()
                .set("aws.access.key.id", accessKey)
                .set("aws.ecr.registry.ids", account)
                .props);
    connect().resumeConnector(connector);
    connect().assertions().assertConnectorAndExactlyNumTasksAreRunning(connector, 1, "no resume");

    reader.awaitCount(4, TIMEOUT);
    long calls = ecr.describeCalls(US, account);
    awaitMoreCalls(US, calls, 2);
    List<ChangeRecord> all = reader.readToEnd(TIMEOUT);
    assertThat(ItSupport.events(all))
        .containsExactly("r deleted", "r kept", "d deleted", "tombstone deleted");
    assertThat(all.get(2).key().getString("registryId")).isEqualTo(account);
    assertRunning();
  }

  @Test
  void twoThousandFiveHundredRulesTakeThreeCallsPerPoll() throws Exception {
    newScenario();
    ecr.createRules(US, account, 2_500);
    ecr.resetCounts();
    start(config().set("poll.interval.ms", "2000"), 1);

    List<ChangeRecord> records = reader.awaitCount(2_500, TIMEOUT);
    assertThat(records).hasSize(2_500);
    assertThat(records.stream().map(ChangeRecord::prefix).distinct()).hasSize(2_500);
    // Each poll reads ceil(2500 / 1000) = 3 pages of 1000. Counted from the recorded pages, not
    // from call counts at one moment: on a busy machine the next poll may already have started
    // by the time 2500 records are read. (validate()'s small call asks for 1 rule: left out.)
    awaitCondition(() -> fullPages().size() >= 6, "two polls of 1000-rule pages");
    assertThat(fullPages().subList(0, 6)).containsExactly(1, 2, 3, 1, 2, 3);
  }

  /** The page numbers of this scenario's 1000-rule calls, in arrival order (1 = no nextToken). */
  private List<Integer> fullPages() {
    return ecr.requests().stream()
        .filter(r -> account.equals(r.registryId()) && Integer.valueOf(1000).equals(r.maxResults()))
        .map(r -> r.page())
        .collect(Collectors.toList());
  }

  @Test
  void throttlingStormsAndServerErrorsKeepTheTaskRunningAndLoseNothing() throws Exception {
    newScenario();
    ecr.put(US, account, rule("before-storm"));
    start(config(), 1);
    reader.awaitCount(1, TIMEOUT);

    ecr.inject(Fault.throttling().forRegistry(account).always());
    long calls = ecr.describeCalls(US, account);
    ecr.put(US, account, rule("during-storm"));
    awaitMoreCalls(US, calls, 12);
    assertRunning();
    ecr.clearFaults();

    ecr.inject(Fault.serverError().forRegistry(account).times(7));
    ecr.inject(Fault.serviceUnavailable().forRegistry(account).times(3));
    ecr.put(US, account, rule("after-storm"));

    List<ChangeRecord> records = reader.awaitCount(3, TIMEOUT);
    assertThat(ops(records)).containsExactly("r", "c", "c");
    assertThat(records.subList(1, 3))
        .extracting(ChangeRecord::prefix)
        .containsExactly("after-storm", "during-storm");
    assertRunning();
  }

  @Test
  void aFailingSecondPageProducesNoFalseDeletes() throws Exception {
    newScenario();
    for (String prefix : List.of("p1", "p2", "p3", "p4", "p5")) {
      ecr.put(US, account, rule(prefix));
    }
    start(config().set("aws.ecr.max.results", "2"), 1);
    reader.awaitCount(5, TIMEOUT);

    ecr.inject(Fault.serverError().forRegistry(account).onPage(2).always());
    ecr.delete(US, account, "p5");
    long calls = ecr.describeCalls(US, account);
    awaitMoreCalls(US, calls, 10);
    assertThat(reader.readToEnd(TIMEOUT)).as("nothing while page 2 fails").hasSize(5);
    assertRunning();

    ecr.clearFaults();
    List<ChangeRecord> records = reader.awaitCount(7, TIMEOUT);
    assertThat(ops(records.subList(5, 7))).containsExactly("d", "tombstone");
    assertThat(records.get(5).prefix()).isEqualTo("p5");
  }

  @Test
  void rejectedCredentialsFailTheTaskWithAnActionableMessageAndNeverShowTheSecret()
      throws Exception {
    newScenario();
    ecr.put(US, account, rule("any"));
    start(config(), 1);
    reader.awaitCount(1, TIMEOUT);

    ecr.inject(Fault.unrecognizedClient().forRegistry(account).always());
    connect()
        .assertions()
        .assertConnectorIsRunningAndTasksHaveFailed(connector, 1, "task did not fail");
    String trace = connect().connectorStatus(connector).tasks().get(0).trace();
    assertThat(trace)
        .startsWith(
            "org.apache.kafka.connect.errors.ConnectException: Listing pull-through cache"
                + " rules of registry "
                + account
                + "@"
                + US)
        .contains("AWS does not accept the credentials")
        .contains("AKIDRELIABILITY");

    Map<String, String> props = config().props;
    props.put("name", connector + "-check");
    ConfigInfos validation =
        connect()
            .validateConnectorConfig(
                "io.github.ecrconnect.ptc.connect.EcrPullThroughCacheSourceConnector", props);
    String validationText = validation.toString();
    assertThat(validation.errorCount()).as(validationText).isEqualTo(1);
    assertThat(validationText).contains("does not accept the credentials");

    String statusJson = restGet("connectors/" + connector + "/status");
    assertThat(List.of(trace, validationText, statusJson)).noneMatch(text -> text.contains(SECRET));
    assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains(SECRET));
    assertThat(reader.readToEnd(TIMEOUT))
        .noneMatch(r -> String.valueOf(r.value()).contains(SECRET));
  }

  @Test
  void jmxMetricsMoveWithPollsThrottlingAndEventsAndGoAwayOnDelete() throws Exception {
    newScenario();
    ecr.put(US, account, rule("watched"));
    start(config(), 1);
    reader.awaitCount(1, TIMEOUT);
    javax.management.MBeanServer jmx =
        java.lang.management.ManagementFactory.getPlatformMBeanServer();
    javax.management.ObjectName name =
        new javax.management.ObjectName(
            "io.github.ecrconnect.ecr.ptc:type=task-metrics,connector=" + connector + ",task=0");
    awaitCondition(
        () -> metric(jmx, name, "TotalNumberOfReadEventsSeen") == 1, "read event counted");

    long polls = metric(jmx, name, "TotalNumberOfPolls");
    long calls = ecr.describeCalls(US, account);
    awaitMoreCalls(US, calls, 3);
    awaitCondition(
        () -> metric(jmx, name, "TotalNumberOfPolls") >= polls + 2, "quiet polls counted");
    assertThat(
            metric(jmx, name, "TotalNumberOfReadEventsSeen")
                + metric(jmx, name, "TotalNumberOfCreateEventsSeen")
                + metric(jmx, name, "TotalNumberOfUpdateEventsSeen")
                + metric(jmx, name, "TotalNumberOfDeleteEventsSeen"))
        .as("quiet polls emit no events")
        .isEqualTo(1);
    assertThat(metric(jmx, name, "NumberOfRulesTracked")).isEqualTo(1);
    assertThat(metric(jmx, name, "TotalNumberOfApiCalls")).isGreaterThanOrEqualTo(3);

    long throttledBefore = metric(jmx, name, "TotalNumberOfThrottledApiCalls");
    ecr.inject(Fault.throttling().forRegistry(account).times(4));
    awaitCondition(
        () -> metric(jmx, name, "TotalNumberOfThrottledApiCalls") >= throttledBefore + 4,
        "throttled calls counted");
    ecr.put(US, account, rule("after-throttling"));
    reader.awaitCount(2, TIMEOUT);
    awaitCondition(() -> metric(jmx, name, "TotalNumberOfCreateEventsSeen") == 1, "create counted");
    assertThat(metric(jmx, name, "NumberOfRegistriesFailing")).isZero();

    connect().deleteConnector(connector);
    awaitCondition(() -> !jmx.isRegistered(name), "metrics unregistered when the task stops");
  }

  private static long metric(
      javax.management.MBeanServer jmx, javax.management.ObjectName name, String attribute) {
    try {
      return ((Number) jmx.getAttribute(name, attribute)).longValue();
    } catch (javax.management.JMException e) {
      return -1;
    }
  }

  @Test
  void noDataModeEmitsOnlyLaterChanges() throws Exception {
    newScenario();
    ecr.put(US, account, rule("existing-1"));
    ecr.put(US, account, rule("existing-2"));
    start(config().set("snapshot.mode", "no_data"), 1);
    long calls = ecr.describeCalls(US, account);
    awaitMoreCalls(US, calls, 2);
    assertThat(reader.readToEnd(TIMEOUT)).isEmpty();

    ecr.put(US, account, rule("new"));
    List<ChangeRecord> records = reader.awaitCount(1, TIMEOUT);
    assertThat(ops(records)).containsExactly("c");
    assertThat(records.get(0).prefix()).isEqualTo("new");
  }
}
