package io.github.ecrconnect.ptc.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.connect.EcrSourceConfig;
import io.github.ecrconnect.ptc.connect.InsertKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.transforms.InsertField;
import org.junit.jupiter.api.Test;

/**
 * config/iceberg-sink.properties and its REST body fit the source example they read: same topic,
 * same converters, transforms whose settings Kafka's InsertField accepts, a partition column that
 * the transform adds, and only committed transactions read. The Iceberg sink's own validation of
 * the file runs in LakeRoundTripIT, on a worker that loads the sink from its plugin directory.
 */
class IcebergSinkExampleTest {
  private static final String PROPERTIES = "config/iceberg-sink.properties";
  private static final String REST = "config/iceberg-sink.json";

  private static ExampleConfig sink(String relative) {
    return ExampleConfig.sinks().stream()
        .filter(e -> e.toString().equals(relative))
        .findFirst()
        .orElseThrow(() -> new AssertionError("missing sink example " + relative));
  }

  private static Map<String, String> props() {
    return sink(PROPERTIES).props();
  }

  @Test
  void isTheIcebergSinkAndReadsTheSourceExamplesTopic() {
    Map<String, String> source =
        ProjectFiles.properties(
            ProjectFiles.path("config/ecr-pull-through-cache-source.properties"));
    assertThat(props())
        .containsEntry("connector.class", "org.apache.iceberg.connect.IcebergSinkConnector")
        .containsEntry("topics", source.get(EcrSourceConfig.TOPIC));
  }

  @Test
  void restBodyHoldsTheSameConfigAsTheStandaloneFile() {
    ExampleConfig standalone = sink(PROPERTIES);
    ExampleConfig rest = sink(REST);
    Map<String, String> withoutName = new HashMap<>(standalone.props());
    withoutName.remove("name");

    assertThat(rest.name()).isEqualTo(standalone.name());
    assertThat(rest.props()).isEqualTo(withoutName);
  }

  @Test
  void usesTheConvertersOfTheWorkerExample() throws Exception {
    Map<String, String> worker =
        ProjectFiles.properties(ProjectFiles.path("config/connect-standalone-json.properties"));
    List<String> problems = new ArrayList<>();
    for (String converter : List.of("key.converter", "value.converter")) {
      assertThat(props()).containsEntry(converter, worker.get(converter));
      assertThat(props())
          .containsEntry(converter + ".schemas.enable", worker.get(converter + ".schemas.enable"));
      problems.addAll(ConnectKeys.converterProblems(converter, props()));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void copiesTheKeyIntoAColumnWithThisPluginsInsertKey() {
    Map<String, String> settings = ConnectKeys.withPrefix(props(), "transforms.key.");
    assertThat(settings.remove("type")).isEqualTo(InsertKey.class.getName());
    try (InsertKey<?> transform = new InsertKey<>()) {
      assertThat(ConnectKeys.pluginConfigProblems("transforms.key.", transform.config(), settings))
          .isEmpty();
    }
    assertThat(settings).containsEntry(InsertKey.FIELD, "key");
  }

  @Test
  void addsEventTimeAndKafkaCoordinatesWithKafkasInsertField() {
    assertThat(ConnectKeys.aliases(props(), "transforms")).containsExactly("key", "kafka");
    Map<String, String> settings = ConnectKeys.withPrefix(props(), "transforms.kafka.");
    assertThat(settings.remove("type")).isEqualTo(InsertField.Value.class.getName());
    try (InsertField.Value<?> transform = new InsertField.Value<>()) {
      assertThat(
              ConnectKeys.pluginConfigProblems("transforms.kafka.", transform.config(), settings))
          .isEmpty();
    }
    assertThat(settings)
        .containsEntry("timestamp.field", "event_time")
        .containsEntry("partition.field", "kafka_partition")
        .containsEntry("offset.field", "kafka_offset");
  }

  @Test
  void partitionsByDayOfTheEventTimeColumn() {
    String timestampColumn = props().get("transforms.kafka.timestamp.field");
    assertThat(props())
        .containsEntry("iceberg.tables.default-partition-by", "day(" + timestampColumn + ")");
  }

  @Test
  void readsOnlyCommittedTransactions() {
    assertThat(props()).containsEntry("consumer.override.isolation.level", "read_committed");
  }

  @Test
  void explainsEveryKey() {
    assertThat(PropertiesComments.uncommentedKeys(sink(PROPERTIES).file()))
        .as("keys without a comment line above them")
        .isEmpty();
  }
}
