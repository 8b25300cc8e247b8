package io.github.ecrconnect.ptc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.ecrconnect.ptc.avro.AvscFiles;
import io.github.ecrconnect.ptc.avro.SchemaEdits;
import io.github.ecrconnect.ptc.avro.SchemaEvolution;
import io.github.ecrconnect.ptc.packaging.ProjectFiles;
import io.github.ecrconnect.ptc.registry.ApicurioRegistry;
import io.github.ecrconnect.ptc.registry.ConfluentFrame;
import io.github.ecrconnect.ptc.registry.ConfluentRegistryApi;
import io.github.ecrconnect.ptc.registry.ConfluentRegistryApi.Response;
import io.github.ecrconnect.ptc.registry.ConfluentRegistryApi.SubjectVersion;
import io.github.ecrconnect.ptc.registry.RegistryAvroDecoder;
import io.github.ecrconnect.ptc.registry.RegistryAvroDecoder.Decoded;
import io.github.ecrconnect.ptc.registry.RegistryInstallation;
import io.github.ecrconnect.ptc.registry.RegistryUnavailableException;
import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import io.github.ecrconnect.ptc.testkit.FakeRule;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The connector's records through a real schema registry: Apicurio Registry 3.3.3 as a child
 * process, Apicurio's AvroConverter (the settings of config/connect-distributed-apicurio-avro
 * .properties) on the in-JVM Connect worker. A consumer that knows only the registry's
 * Confluent-compatible API and Apache Avro reads the raw bytes back.
 *
 * <p>Skipped, with the reason, where the build did not unpack the registry (-Dregistry.skip=true)
 * or no Java 21+ runtime exists.
 */
@Tag("registry")
class SchemaRegistryIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String APICURIO_EXAMPLE =
      "config/connect-distributed-apicurio-avro.properties";
  private static final String CONNECTOR = "registry-avro";
  private static final String TOPIC = "registry-rules";
  private static final String HEARTBEATS = "registry-heartbeats";
  private static final String ACCOUNT = "100000000077";
  private static final String US = ItSupport.US;
  private static final Map<String, Schema> PUBLISHED = AvscFiles.in(AvscFiles.PUBLISHED);

  private static ApicurioRegistry registry;
  private static FakeEcrServer ecr;
  private static ConnectTestCluster cluster;
  private static ConfluentRegistryApi api;
  private static String unavailable;

  @BeforeAll
  static void start() throws Exception {
    RegistryInstallation installation;
    try {
      installation = RegistryInstallation.find();
    } catch (RegistryUnavailableException e) {
      // Reported per test (see requireRegistry): an abort here would hide the reason in reports.
      unavailable = e.getMessage();
      System.out.println("[registry] SchemaRegistryIT skipped: " + unavailable);
      return;
    }
    registry = installation.start(ProjectFiles.path("target/apicurio-registry.log"), TIMEOUT);
    System.out.printf(
        "[registry] Apicurio Registry ready at %s in %d ms (java %s)%n",
        registry.base(), registry.startTime().toMillis(), installation.java());
    api = new ConfluentRegistryApi(registry.confluentApi());
    ecr = FakeEcrServer.start();
    cluster = ConnectTestCluster.start("registry-it", 1, apicurioConverters(registry));

    ecr.put(US, ACCOUNT, ItSupport.rule("docker-hub"));
    ecr.put(US, ACCOUNT, ItSupport.rule("to-update"));
    ecr.put(
        US,
        ACCOUNT,
        FakeRule.of("to-delete", "quay.io", "quay")
            .withCustomRoleArn("arn:aws:iam::000000000000:role/pull-through"));
    Map<String, String> config = ItSupport.connectorConfig(ecr, TOPIC, ACCOUNT, "not-a-secret");
    config.put("heartbeat.topic", HEARTBEATS);
    config.put("heartbeat.interval.ms", "500");
    cluster.connect().configureConnector(CONNECTOR, config);
    cluster
        .connect()
        .assertions()
        .assertConnectorAndExactlyNumTasksAreRunning(CONNECTOR, 1, "did not start");
    try (RawTopicReader snapshot = reader(TOPIC)) {
      snapshot.awaitCount(3, TIMEOUT);
    }
  }

  @BeforeEach
  void requireRegistry() {
    assumeTrue(unavailable == null, () -> "no schema registry: " + unavailable);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
    if (ecr != null) {
      ecr.close();
    }
    if (registry != null) {
      registry.close();
      assertThat(registry.isRunning()).as("registry process after close").isFalse();
    }
  }

  /** The example's converter settings, pointed at the registry this test started. */
  private static Map<String, String> apicurioConverters(ApicurioRegistry registry) {
    Map<String, String> workerProps = new HashMap<>();
    ProjectFiles.properties(ProjectFiles.path(APICURIO_EXAMPLE))
        .forEach(
            (key, value) -> {
              if (key.startsWith("key.converter") || key.startsWith("value.converter")) {
                boolean url = key.endsWith(".apicurio.registry.url");
                workerProps.put(key, url ? registry.apicurioV2Api().toString() : value);
              }
            });
    assertThat(workerProps).containsKeys("key.converter", "value.converter");
    return workerProps;
  }

  private static RawTopicReader reader(String topic) {
    return new RawTopicReader(cluster.connect().kafka().bootstrapServers(), topic);
  }

  @Test
  void snapshotChangesAndTombstoneDecodeWithOnlyTheRegistryAndApacheAvro() throws Exception {
    List<FakeRule> snapshot = ecr.rules(US, ACCOUNT);
    FakeRule deleted = rule(snapshot, "to-delete");
    FakeRule beforeUpdate = rule(snapshot, "to-update");
    FakeRule created = ecr.put(US, ACCOUNT, ItSupport.rule("created"));
    FakeRule updated =
        ecr.update(US, ACCOUNT, "to-update", r -> r.withCredentialArn(r.credentialArn() + "-2"));
    ecr.delete(US, ACCOUNT, "to-delete");

    List<ConsumerRecord<byte[], byte[]>> raw;
    try (RawTopicReader topic = reader(TOPIC)) {
      raw = topic.awaitCount(7, TIMEOUT);
    }
    RegistryAvroDecoder decoder = new RegistryAvroDecoder(api);
    List<Decoded> keys = new ArrayList<>();
    List<Decoded> values = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : raw) {
      Decoded key = decoder.decode(record.key());
      assertByteExact(key, record.key());
      keys.add(key);
      Decoded value = record.value() == null ? null : decoder.decode(record.value());
      if (value != null) {
        assertByteExact(value, record.value());
      }
      values.add(value);
    }

    // Each subject's first version is the published contract, under the id the frames carry.
    assertSubjectHolds(TOPIC + "-key", "Key.avsc", keys);
    assertSubjectHolds(TOPIC + "-value", "Envelope.avsc", values);

    assertThat(ops(values)).containsExactly("r", "r", "r", "c", "u", "d", "tombstone");
    Map<String, GenericRecord> reads = new HashMap<>();
    for (int i = 0; i < 3; i++) {
      GenericRecord value = values.get(i).record();
      assertThat(value.get("before")).isNull();
      String prefix = text(keys.get(i).record(), "ecrRepositoryPrefix");
      reads.put(prefix, (GenericRecord) value.get("after"));
    }
    assertThat(reads).containsOnlyKeys("docker-hub", "to-update", "to-delete");
    snapshot.forEach(rule -> assertSameRule(reads.get(rule.ecrRepositoryPrefix()), rule));

    GenericRecord create = values.get(3).record();
    assertThat(create.get("before")).isNull();
    assertSameRule((GenericRecord) create.get("after"), created);

    GenericRecord update = values.get(4).record();
    assertSameRule((GenericRecord) update.get("before"), beforeUpdate);
    assertSameRule((GenericRecord) update.get("after"), updated);
    assertThat(strings(update.get("changedFields"))).containsExactly("credentialArn");

    GenericRecord delete = values.get(5).record();
    assertSameRule((GenericRecord) delete.get("before"), deleted);
    assertThat(delete.get("after")).isNull();
    assertThat(text(keys.get(6).record(), "ecrRepositoryPrefix")).isEqualTo("to-delete");

    for (int i = 0; i < raw.size(); i++) {
      GenericRecord key = keys.get(i).record();
      assertThat(text(key, "registryId")).isEqualTo(ACCOUNT);
      assertThat(text(key, "region")).isEqualTo(US);
      if (values.get(i) != null) {
        GenericRecord source = (GenericRecord) values.get(i).record().get("source");
        assertThat(text(source, "registryId")).isEqualTo(ACCOUNT);
        assertThat(text(source, "region")).isEqualTo(US);
      }
    }

    // Heartbeats: their own subjects and schemas; the newest carries the state after the delete.
    String lastHash = text((GenericRecord) values.get(5).record().get("source"), "snapshotHash");
    List<Decoded> heartbeatKeys = new ArrayList<>();
    List<Decoded> heartbeats = new ArrayList<>();
    try (RawTopicReader topic = reader(HEARTBEATS)) {
      topic.awaitUntil(
          records ->
              decodeAll(decoder, records, heartbeatKeys, heartbeats).stream()
                  .anyMatch(h -> text(h.record(), "snapshotHash").equals(lastHash)),
          TIMEOUT,
          "a heartbeat with the snapshot hash of the delete, " + lastHash);
    }
    assertSubjectHolds(HEARTBEATS + "-key", "HeartbeatKey.avsc", heartbeatKeys);
    assertSubjectHolds(HEARTBEATS + "-value", "Heartbeat.avsc", heartbeats);
    GenericRecord heartbeat =
        heartbeats.stream()
            .map(Decoded::record)
            .filter(h -> text(h, "snapshotHash").equals(lastHash))
            .findFirst()
            .orElseThrow();
    assertThat(text(heartbeat, "registryId")).isEqualTo(ACCOUNT);
    assertThat(text(heartbeat, "region")).isEqualTo(US);
    assertThat(heartbeat.get("ruleCount")).isEqualTo(ecr.rules(US, ACCOUNT).size());
  }

  @Test
  void theRegistryEnforcesFullCompatibilityOnTheValueSubject() throws Exception {
    String subject = TOPIC + "-value";
    SubjectVersion released = api.version(subject, "1");

    Response full = api.setCompatibility(subject, "FULL");
    assertThat(full.status()).as(full.body()).isEqualTo(200);
    assertThat(full.json().path("compatibility").asText()).isEqualTo("FULL");

    // The next release as the schema-evolution tests model it: accepted, as a new version.
    Schema next = SchemaEdits.withOptionalRuleField(released.schema(), "ownerTeam");
    assertThat(SchemaEvolution.problems("v1", released.schema(), next)).isEmpty();
    Response accepted = api.register(subject, next);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    assertThat(api.version(subject, "latest").schema()).isEqualTo(next);

    // A required field without a default: our checker and the registry both refuse it.
    Schema breaking = SchemaEdits.withRequiredRuleField(released.schema(), "ownerTeam");
    assertThat(SchemaEvolution.problems("v1", released.schema(), breaking)).isNotEmpty();
    Response refused = api.register(subject, breaking);
    assertThat(refused.status()).as(refused.body()).isEqualTo(409);
    assertThat(api.version(subject, "latest").schema()).isEqualTo(next);
  }

  /** Decodes the records not decoded yet; returns the heartbeat values so far. */
  private static List<Decoded> decodeAll(
      RegistryAvroDecoder decoder,
      List<ConsumerRecord<byte[], byte[]>> records,
      List<Decoded> keys,
      List<Decoded> values) {
    try {
      for (ConsumerRecord<byte[], byte[]> record : records.subList(keys.size(), records.size())) {
        keys.add(decoder.decode(record.key()));
        values.add(decoder.decode(record.value()));
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return values;
  }

  /**
   * The subject's first version has the id of every frame, and is the published .avsc once the
   * converter's connect.* properties are dropped (docs, defaults and logical types included).
   */
  private static void assertSubjectHolds(String subject, String avsc, List<Decoded> decoded)
      throws Exception {
    SubjectVersion first = api.version(subject, "1");
    List<Decoded> framed = decoded.stream().filter(d -> d != null).collect(Collectors.toList());
    assertThat(framed).isNotEmpty();
    assertThat(framed).allSatisfy(d -> assertThat(d.frame().schemaId()).isEqualTo(first.id()));
    assertThat(AvscFiles.pretty(AvscFiles.withoutConnectProperties(first.schema())))
        .as("%s version 1 against src/main/avro/%s", subject, avsc)
        .isEqualTo(AvscFiles.pretty(PUBLISHED.get(avsc)));
    assertThat(first.schema().getProp("connect.name")).isEqualTo(first.schema().getFullName());
  }

  /** Re-encoding the decoded datum with plain Avro gives back the bytes on the wire. */
  private static void assertByteExact(Decoded decoded, byte[] wire) throws Exception {
    byte[] body = RegistryAvroDecoder.encode(decoded.schema(), decoded.record());
    assertThat(new ConfluentFrame(decoded.frame().schemaId(), body).toBytes()).isEqualTo(wire);
  }

  private static void assertSameRule(GenericRecord actual, FakeRule expected) {
    assertThat(actual).as("rule %s", expected.ecrRepositoryPrefix()).isNotNull();
    assertThat(text(actual, "registryId")).isEqualTo(expected.registryId());
    assertThat(text(actual, "ecrRepositoryPrefix")).isEqualTo(expected.ecrRepositoryPrefix());
    assertThat(text(actual, "upstreamRegistryUrl")).isEqualTo(expected.upstreamRegistryUrl());
    assertThat(text(actual, "upstreamRegistry")).isEqualTo(expected.upstreamRegistry());
    assertThat(text(actual, "upstreamRepositoryPrefix"))
        .isEqualTo(expected.upstreamRepositoryPrefix());
    assertThat(text(actual, "credentialArn")).isEqualTo(expected.credentialArn());
    assertThat(text(actual, "customRoleArn")).isEqualTo(expected.customRoleArn());
    // timestamp-millis decodes to epoch milliseconds with plain GenericDatumReader.
    assertThat(actual.get("createdAt")).isEqualTo(expected.createdAt().toEpochMilli());
    assertThat(actual.get("updatedAt")).isEqualTo(expected.updatedAt().toEpochMilli());
  }

  private static FakeRule rule(List<FakeRule> rules, String prefix) {
    return rules.stream()
        .filter(r -> r.ecrRepositoryPrefix().equals(prefix))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> ops(List<Decoded> values) {
    return values.stream()
        .map(v -> v == null ? "tombstone" : text(v.record(), "op"))
        .collect(Collectors.toList());
  }

  private static List<String> strings(Object avroArray) {
    return ((List<?>) avroArray).stream().map(String::valueOf).collect(Collectors.toList());
  }

  /** An Avro string field (Utf8) as a String; null stays null. */
  private static String text(GenericRecord record, String field) {
    Object value = record.get(field);
    return value == null ? null : value.toString();
  }
}
