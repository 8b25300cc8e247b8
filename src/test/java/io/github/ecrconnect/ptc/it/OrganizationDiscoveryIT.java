package io.github.ecrconnect.ptc.it;

import static io.github.ecrconnect.ptc.it.ItSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import io.github.ecrconnect.ptc.testkit.FakeRule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.connect.runtime.rest.entities.TaskInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An organization discovered while the connector runs, on a real in-JVM worker: three accounts
 * across two regions at the start; then an account joins and an account opts in to a region, and
 * exactly their registries snapshot; then an account leaves, and its registries stop being polled
 * without a delete; then it comes back, and only what changed meanwhile is emitted. Each account is
 * read through its own role, assumed at the local STS.
 */
class OrganizationDiscoveryIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String CONNECTOR = "organization";
  private static final String TOPIC = "organization-rules";
  private static final String KEY = "AKIDMANAGEMENT";
  private static final String MANAGEMENT = "200000000000";
  private static final String A = "200000000001";
  private static final String B = "200000000002";
  private static final String JOINER = "200000000003";
  private static final String US = "us-east-1";
  private static final String EU = "eu-west-1";
  private static final String OPT_IN = "ap-east-1";

  private static ConnectTestCluster cluster;
  private static FakeEcrServer aws;

  @BeforeAll
  static void start() {
    aws = FakeEcrServer.start();
    cluster = ConnectTestCluster.start("organization-it", 1);
  }

  @AfterAll
  static void stop() {
    cluster.close();
    aws.close();
  }

  private static EmbeddedConnectCluster connect() {
    return cluster.connect();
  }

  /** One rule per registry, named after it, so each event says which registry it came from. */
  private static String prefix(String account, String region) {
    return "p" + account.substring(9) + "-" + region;
  }

  private static void putRule(String account, String region) {
    aws.put(region, account, FakeRule.of(prefix(account, region), "public.ecr.aws", "ecr-public"));
  }

  private static Map<String, String> config() {
    Map<String, String> props = ItSupport.connectorConfig(aws, TOPIC, "organization", "secret");
    props.put("tasks.max", "2");
    props.put("aws.access.key.id", KEY);
    props.put("aws.regions", "all");
    props.put("aws.sts.role.arn", "arn:aws:iam::{registryId}:role/ecr-reader");
    props.put("aws.sts.endpoint", aws.endpoint().toString());
    props.put("aws.organizations.endpoint", aws.endpoint().toString());
    props.put("aws.account.endpoint", aws.endpoint().toString());
    props.put("discovery.interval.ms", "500");
    return props;
  }

  private static Set<String> assignedRegistries() {
    Set<String> registries = new TreeSet<>();
    for (TaskInfo task : connect().taskConfigs(CONNECTOR)) {
      String assigned = task.config().get("task.registries");
      if (assigned != null && !assigned.isBlank()) {
        registries.addAll(List.of(assigned.split(",")));
      }
    }
    return registries;
  }

  private static Set<String> prefixes(List<ChangeRecord> records) {
    return records.stream()
        .map(ChangeRecord::prefix)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Waits until {@code gone} is not polled while {@code kept} is polled three times. */
  private static void awaitNotPolledWhileOthersAre(String gone, String kept) {
    long[] goneCalls = {-1};
    long[] keptCalls = {0};
    await(
        () -> {
          long goneNow = aws.describeCalls(US, gone);
          long keptNow = aws.describeCalls(US, kept);
          if (goneNow != goneCalls[0]) {
            goneCalls[0] = goneNow;
            keptCalls[0] = keptNow;
            return false;
          }
          return keptNow >= keptCalls[0] + 3;
        },
        TIMEOUT,
        gone + " not polled during three polls of " + kept);
  }

  @Test
  void followsAccountsAndRegionsAsTheyJoinOptInLeaveAndComeBack() throws Exception {
    aws.setAccount(KEY, MANAGEMENT);
    aws.organization().setDefaultRegions(List.of(US, EU));
    aws.organization().create(MANAGEMENT).addAccount(A).addAccount(B);
    for (String account : List.of(MANAGEMENT, A, B, JOINER)) {
      for (String region : List.of(US, EU, OPT_IN)) {
        putRule(account, region);
      }
    }

    try (TopicReader reader = cluster.reader(TOPIC)) {
      connect().configureConnector(CONNECTOR, config());
      connect()
          .assertions()
          .assertConnectorAndExactlyNumTasksAreRunning(CONNECTOR, 2, "did not start");

      // 1. Three accounts x two regions: one snapshot read per registry, committed.
      List<ChangeRecord> first = reader.awaitCount(6, TIMEOUT);
      assertThat(ItSupport.events(first))
          .containsExactlyInAnyOrder(
              "r " + prefix(MANAGEMENT, US), "r " + prefix(MANAGEMENT, EU),
              "r " + prefix(A, US), "r " + prefix(A, EU),
              "r " + prefix(B, US), "r " + prefix(B, EU));
      await(
          () -> connect().connectorOffsets(CONNECTOR).offsets().size() == 6,
          TIMEOUT,
          "the six registries' offsets committed");

      // 2. An account joins and another opts in to a region: exactly their registries snapshot.
      aws.organization().addAccount(JOINER);
      aws.organization().enableRegion(A, OPT_IN);
      List<ChangeRecord> grown = reader.awaitCount(9, TIMEOUT);
      assertThat(ItSupport.events(grown.subList(6, grown.size())))
          .containsExactlyInAnyOrder(
              "r " + prefix(JOINER, US), "r " + prefix(JOINER, EU), "r " + prefix(A, OPT_IN));
      await(() -> assignedRegistries().size() == 9, TIMEOUT, "nine registries assigned");
      // Every registry is polled again after the reassignment: still nothing else to say.
      long bPolls = aws.describeCalls(US, B);
      await(() -> aws.describeCalls(US, B) >= bPolls + 3, TIMEOUT, "three more polls of B");
      assertThat(reader.readToEnd(TIMEOUT)).hasSize(9);

      // 3. An account leaves (and its rule is deleted afterwards): no delete, no more polls.
      aws.organization().removeAccount(B);
      await(
          () -> {
            Set<String> assigned = assignedRegistries();
            return !assigned.isEmpty() && assigned.stream().noneMatch(r -> r.startsWith(B));
          },
          TIMEOUT,
          "B's registries unassigned");
      connect()
          .assertions()
          .assertConnectorAndExactlyNumTasksAreRunning(CONNECTOR, 2, "reassigned");
      awaitNotPolledWhileOthersAre(B, A);
      aws.delete(US, B, prefix(B, US));
      long aPolls = aws.describeCalls(US, A);
      await(() -> aws.describeCalls(US, A) >= aPolls + 3, TIMEOUT, "three more polls of A");
      List<ChangeRecord> all = reader.readToEnd(TIMEOUT);
      assertThat(all).hasSize(9);
      assertThat(prefixes(all)).doesNotContain(prefix(B, OPT_IN), prefix(MANAGEMENT, OPT_IN));
      assertThat(TopicReader.ops(all)).containsOnly("r");

      // 4. It comes back: its registries compare with the state stored when it left.
      aws.organization().addAccount(B);
      List<ChangeRecord> back =
          reader.awaitUntil(records -> records.size() >= 11, TIMEOUT, "B's delete and tombstone");
      assertThat(ItSupport.events(back.subList(9, back.size())))
          .containsExactly("d " + prefix(B, US), "tombstone " + prefix(B, US));
      long euPolls = aws.describeCalls(EU, B);
      await(() -> aws.describeCalls(EU, B) >= euPolls + 3, TIMEOUT, "three more polls of B in EU");
      assertThat(reader.readToEnd(TIMEOUT)).hasSize(11);
      assertThat(connect().connectorStatus(CONNECTOR).connector().state()).isEqualTo("RUNNING");
    } finally {
      connect().deleteConnector(CONNECTOR);
    }
  }
}
