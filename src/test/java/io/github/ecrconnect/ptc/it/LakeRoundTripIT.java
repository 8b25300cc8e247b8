package io.github.ecrconnect.ptc.it;

import static io.github.ecrconnect.ptc.it.ItSupport.TIMEOUT;
import static io.github.ecrconnect.ptc.it.ItSupport.US;
import static io.github.ecrconnect.ptc.it.ItSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.ecrconnect.ptc.it.LakeRow.RuleKey;
import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import io.github.ecrconnect.ptc.testkit.FakeRule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Into the data lake, end to end, on a real worker: this connector with exactly-once source
 * support, and the Apache Iceberg sink loaded from its own plugin directory (the build assembles it
 * from Maven Central: src/it/iceberg-sink/pom.xml) with config/iceberg-sink.properties, changed
 * only where it names paths, the broker and the topic. The table is read back with Iceberg's
 * generic reader after every step: one row per change event, none missing, none twice, each the
 * event as published; and the state the docs' query rebuilds equals the endpoint's rules.
 *
 * <p>Our connector comes from the test classpath (where Connect would prefer it over a second copy
 * on plugin.path); the sink, with its own Avro, Jackson and Hadoop, runs in its plugin class
 * loader. Skipped with -Dlake.skip=true (the matrix's later cells).
 */
@DisabledIfSystemProperty(named = "lake.skip", matches = "true")
class LakeRoundTripIT {
  private static final String ACCOUNT = "300000000001";
  private static final String TOPIC = "lake-rules";
  private static final String CONTROL_TOPIC = "lake-control";
  private static final String SOURCE = "lake-source";

  /** The sink commits every second; a row is visible after the commit that follows its event. */
  private static final Duration LAKE_TIMEOUT = Duration.ofSeconds(90);

  @TempDir static Path lake;

  private static FakeEcrServer ecr;
  private static ConnectTestCluster cluster;
  private static TopicReader committed;
  private static LakeTable table;

  /** The sink connector's name, as the example names it. */
  private static String sinkName;

  @BeforeAll
  static void start() {
    ecr = FakeEcrServer.start();
    Properties broker = ConnectTestCluster.transactionsOnOneBroker();
    Map<String, String> worker = new HashMap<>();
    worker.put("exactly.once.source.support", "enabled");
    // The sink's directory alone: its parent holds nothing else.
    worker.put("plugin.path", IcebergSink.pluginDir().getParent().toString());
    cluster = ConnectTestCluster.start("ecr-lake", 1, worker, broker);
  }

  @AfterAll
  static void stop() throws Exception {
    if (committed != null) {
      committed.close();
    }
    if (table != null) {
      table.close();
    }
    cluster.close();
    ecr.close();
  }

  private static EmbeddedConnectCluster connect() {
    return cluster.connect();
  }

  @Test
  void everyChangeLandsInTheTableOnceAndTheTableRebuildsTheEndpointsRules() throws Exception {
    // 1. Snapshot: three rules exist when the connector first starts.
    for (String prefix : List.of("alpha", "beta", "gamma")) {
      ecr.put(US, ACCOUNT, rule(prefix));
    }
    Map<String, String> source = ItSupport.connectorConfig(ecr, TOPIC, ACCOUNT, "lake-secret");
    source.put("exactly.once.support", "required");
    source.put("transaction.boundary", "connector");
    connect().configureConnector(SOURCE, source);
    connect().assertions().assertConnectorAndExactlyNumTasksAreRunning(SOURCE, 1, "source");
    committed = cluster.readCommitted(TOPIC);

    startSink();
    List<String> history = new ArrayList<>(List.of("r alpha []", "r beta []", "r gamma []"));
    assertLake(history);
    assertTableLayout(table.load());

    // 2. A rule is created.
    ecr.put(US, ACCOUNT, rule("delta"));
    history.add("c delta []");
    assertLake(history);

    // 3. A rule is updated: its credentials secret changes.
    ecr.update(US, ACCOUNT, "beta", r -> r.withCredentialArn(r.credentialArn() + "-rotated"));
    history.add("u beta [credentialArn]");
    List<LakeRow> rows = assertLake(history);
    LakeRow update = last(rows);
    assertThat(update.before().get("credentialArn"))
        .isNotEqualTo(update.after().get("credentialArn"));

    // 4. A rule is deleted: a d event, then a tombstone, which the sink skips.
    ecr.delete(US, ACCOUNT, "alpha");
    history.add("d alpha []");
    rows = assertLake(history);
    assertThat(last(rows).after()).isNull();
    assertThat(last(rows).before()).containsEntry("ecrRepositoryPrefix", "alpha");
    assertThat(committed.readToEnd(TIMEOUT)).extracting(ChangeRecord::op).contains("tombstone");

    // 5. The connector stops; while it is down a rule is updated, one deleted, one created. After
    //    the restart it finds all three from its offsets, and the delete carries no rule body:
    //    only the key column says which rule went.
    connect().stopConnector(SOURCE);
    connect().assertions().assertConnectorIsStopped(SOURCE, "source did not stop");
    ecr.update(US, ACCOUNT, "gamma", r -> r.withCredentialArn(r.credentialArn() + "-rotated"));
    ecr.delete(US, ACCOUNT, "delta");
    ecr.put(US, ACCOUNT, rule("epsilon"));
    connect().resumeConnector(SOURCE);
    connect().assertions().assertConnectorAndExactlyNumTasksAreRunning(SOURCE, 1, "source resumed");
    history.addAll(List.of("c epsilon []", "u gamma [credentialArn]", "d delta []"));
    rows = assertLake(history);
    LakeRow restartDelete =
        rows.stream()
            .filter(r -> r.op().equals("d") && r.key().ecrRepositoryPrefix().equals("delta"))
            .findFirst()
            .orElseThrow();
    assertThat(restartDelete.before()).isNull();
    assertThat(restartDelete.after()).isNull();

    assertThat(connect().connectorStatus(sinkName).tasks())
        .allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));
  }

  /** The sink as config/iceberg-sink.properties has it, validated by the sink itself first. */
  private static void startSink() throws InterruptedException {
    connect().kafka().createTopic(CONTROL_TOPIC, 1);
    Path warehouse = lake.resolve("warehouse");
    Map<String, String> sink =
        IcebergSink.config(TOPIC, CONTROL_TOPIC, warehouse, connect().kafka().bootstrapServers());
    ConfigInfos validation = connect().validateConnectorConfig(IcebergSink.CONNECTOR_CLASS, sink);
    assertThat(validation.errorCount()).as("the sink's validation of %s", sink).isZero();
    table = new LakeTable(warehouse, IcebergSink.table(sink));
    sinkName = sink.get("name");
    connect().configureConnector(sinkName, sink);
    connect().assertions().assertConnectorAndExactlyNumTasksAreRunning(sinkName, 1, "sink");
  }

  /**
   * Waits until the table holds as many rows as {@code history} has events, then checks the table
   * against the topic and the endpoint; returns the rows.
   */
  private static List<LakeRow> assertLake(List<String> history) throws InterruptedException {
    List<ChangeRecord> events =
        committed
            .awaitUntil(
                r -> changes(r).size() >= history.size(), TIMEOUT, history.size() + " events")
            .stream()
            .filter(r -> r.value() != null)
            .collect(Collectors.toList());
    table.awaitRows(events.size(), LAKE_TIMEOUT);
    List<LakeRow> rows = table.rows();

    assertOneRowPerEvent(rows, events);
    assertThat(LakeQueries.history(rows))
        .as("who changed what, when")
        .containsExactlyElementsOf(
            history.stream()
                .map(h -> h.replaceFirst(" ", " " + ACCOUNT + "/" + US + "/"))
                .collect(Collectors.toList()));
    assertThat(stateFromTable(rows))
        .as("the current state rebuilt from the table")
        .isEqualTo(endpointRules());
    return rows;
  }

  private static List<ChangeRecord> changes(List<ChangeRecord> records) {
    return records.stream().filter(r -> r.value() != null).collect(Collectors.toList());
  }

  /** None missing, none twice, and each row the event as the connector published it. */
  private static void assertOneRowPerEvent(List<LakeRow> rows, List<ChangeRecord> events) {
    assertThat(rows).as("rows").hasSameSizeAs(events);
    Map<Long, LakeRow> byOffset =
        rows.stream().collect(Collectors.toMap(LakeRow::kafkaOffset, Function.identity()));
    assertThat(byOffset.keySet())
        .as("the rows' Kafka offsets")
        .containsExactlyInAnyOrderElementsOf(
            events.stream().map(ChangeRecord::offset).collect(Collectors.toList()));
    for (ChangeRecord event : events) {
      LakeRow row = byOffset.get(event.offset());
      assertThat(row.envelope()).as("row of %s", event).isEqualTo(LakeRow.plain(event.value()));
      assertThat(row.columns().get("key"))
          .as("key of %s", event)
          .isEqualTo(LakeRow.plain(event.key()));
      assertThat(row.eventTime()).isEqualTo(Instant.ofEpochMilli(row.tsMs()));
      assertThat(row.kafkaPartition()).isEqualTo(event.partition());
    }
  }

  /** The docs' current-state query, as rules of the endpoint's type. */
  private static Map<RuleKey, FakeRule> stateFromTable(List<LakeRow> rows) {
    Map<RuleKey, FakeRule> state = new TreeMap<>(Comparator.comparing(RuleKey::toString));
    LakeQueries.currentState(rows).forEach((key, after) -> state.put(key, toRule(after)));
    return state;
  }

  private static Map<RuleKey, FakeRule> endpointRules() {
    Map<RuleKey, FakeRule> rules = new TreeMap<>(Comparator.comparing(RuleKey::toString));
    for (FakeRule rule : ecr.rules(US, ACCOUNT)) {
      rules.put(new RuleKey(ACCOUNT, US, rule.ecrRepositoryPrefix()), rule);
    }
    return rules;
  }

  private static FakeRule toRule(Map<String, Object> after) {
    return new FakeRule(
        (String) after.get("registryId"),
        (String) after.get("ecrRepositoryPrefix"),
        (String) after.get("upstreamRegistryUrl"),
        (String) after.get("upstreamRegistry"),
        (String) after.get("upstreamRepositoryPrefix"),
        (String) after.get("credentialArn"),
        (String) after.get("customRoleArn"),
        (Instant) after.get("createdAt"),
        (Instant) after.get("updatedAt"));
  }

  /** What lands: the envelope's columns, the key, event time and Kafka coordinates; by day. */
  private static void assertTableLayout(Table loaded) {
    assertThat(loaded.schema().columns())
        .extracting(Types.NestedField::name)
        .containsExactly(
            "op",
            "before",
            "after",
            "changedFields",
            "source",
            "ts_ms",
            "key",
            "kafka_partition",
            "kafka_offset",
            "event_time");
    assertThat(loaded.schema().findType("event_time")).isEqualTo(Types.TimestampType.withZone());
    assertThat(loaded.schema().findType("after.createdAt"))
        .isEqualTo(Types.TimestampType.withZone());
    assertThat(loaded.schema().findType("changedFields").asListType().elementType())
        .isEqualTo(Types.StringType.get());
    assertThat(loaded.spec().fields())
        .extracting(PartitionField::name, f -> f.transform().toString())
        .containsExactly(tuple("event_time_day", "day"));
    assertThat(loaded.properties()).containsEntry("write.format.default", "avro");
  }

  private static LakeRow last(List<LakeRow> rows) {
    return rows.stream().max(LakeQueries.EVENT_ORDER).orElseThrow();
  }
}
