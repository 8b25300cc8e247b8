package io.github.ecrconnect.ptc.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.connect.EcrPullThroughCacheSourceConnector;
import io.github.ecrconnect.ptc.connect.EcrSourceConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.runtime.SourceConnectorConfig;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every connector example in config/ passes the connector's own validate() and names only keys that
 * the connector or Kafka Connect knows, with transforms, predicates, converters and topic creation
 * groups complete. The examples are found by content, so a new one is checked too.
 */
class ConnectorExamplesTest {
  /**
   * A loopback port where nothing listens: the live credentials check fails fast and is skipped.
   */
  private static final String CLOSED_LOOPBACK_ENDPOINT = "http://127.0.0.1:9";

  static List<ExampleConfig> connectorExamples() {
    return ExampleConfig.connectors();
  }

  @Test
  void theDocumentedExamplesExist() {
    assertThat(connectorExamples().stream().map(ExampleConfig::toString))
        .contains(
            "config/ecr-pull-through-cache-source.properties",
            "config/ecr-pull-through-cache-source.json",
            "config/ecr-pull-through-cache-source-msk.properties",
            "config/ecr-pull-through-cache-source-msk-glue.properties",
            "config/ecr-pull-through-cache-source-state-table.properties");
  }

  /**
   * The example as validate() should see it, except that the AWS calls of the live check go to a
   * closed loopback port: validation here must neither depend on nor reach AWS. (Instance metadata
   * probing is off for all tests: see the surefire configuration.) An example without aws.regions
   * (the quick-start template, which ./run completes) is validated as on a worker whose default
   * region chain finds us-east-1.
   */
  private static Map<String, String> offline(Map<String, String> props) {
    Map<String, String> copy = new HashMap<>(props);
    copy.putIfAbsent(EcrSourceConfig.ENDPOINT, CLOSED_LOOPBACK_ENDPOINT);
    copy.putIfAbsent(EcrSourceConfig.REGIONS, "us-east-1");
    if (copy.containsKey(EcrSourceConfig.ROLE_ARN)) {
      copy.putIfAbsent(EcrSourceConfig.STS_ENDPOINT, CLOSED_LOOPBACK_ENDPOINT);
    }
    return copy;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("connectorExamples")
  void passesTheConnectorsValidate(ExampleConfig example) {
    assertThat(example.props())
        .containsEntry("connector.class", EcrPullThroughCacheSourceConnector.class.getName());
    List<String> errors = new ArrayList<>();
    for (ConfigValue value :
        new EcrPullThroughCacheSourceConnector()
            .validate(offline(example.props()))
            .configValues()) {
      value.errorMessages().forEach(message -> errors.add(value.name() + ": " + message));
    }
    assertThat(errors).as("validate() errors of %s", example).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("connectorExamples")
  void namesOnlyKeysThatExist(ExampleConfig example) {
    Set<String> known = new TreeSet<>(EcrSourceConfig.configDef().names());
    known.addAll(SourceConnectorConfig.configDef().names());
    List<String> prefixes = new ArrayList<>(List.of("topic.creation."));
    ConnectKeys.aliases(example.props(), "transforms")
        .forEach(a -> prefixes.add("transforms." + a + "."));
    ConnectKeys.aliases(example.props(), "predicates")
        .forEach(a -> prefixes.add("predicates." + a + "."));
    ConnectKeys.CONVERTER_KEYS.stream()
        .filter(example.props()::containsKey)
        .forEach(c -> prefixes.add(c + "."));

    List<String> unknown =
        example.props().keySet().stream()
            .filter(key -> !known.contains(key))
            .filter(key -> prefixes.stream().noneMatch(key::startsWith))
            .collect(Collectors.toList());

    assertThat(unknown)
        .as("keys neither the connector nor Connect knows, in %s", example)
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("connectorExamples")
  void transformsPredicatesConvertersAndTopicCreationAreComplete(ExampleConfig example)
      throws Exception {
    Map<String, String> props = example.props();
    List<String> problems = new ArrayList<>(ConnectKeys.topicCreationProblems(props));
    for (String alias : ConnectKeys.aliases(props, "transforms")) {
      Map<String, String> settings = ConnectKeys.withPrefix(props, "transforms." + alias + ".");
      String type = settings.remove("type");
      settings.remove("negate");
      String predicate = settings.remove("predicate");
      if (predicate != null && !ConnectKeys.aliases(props, "predicates").contains(predicate)) {
        problems.add("transforms." + alias + ".predicate: no predicate '" + predicate + "'");
      }
      Transformation<?> transform = newInstance(type, Transformation.class);
      problems.addAll(
          ConnectKeys.pluginConfigProblems(
              "transforms." + alias + ".", transform.config(), settings));
    }
    for (String alias : ConnectKeys.aliases(props, "predicates")) {
      Map<String, String> settings = ConnectKeys.withPrefix(props, "predicates." + alias + ".");
      Predicate<?> predicate = newInstance(settings.remove("type"), Predicate.class);
      problems.addAll(
          ConnectKeys.pluginConfigProblems(
              "predicates." + alias + ".", predicate.config(), settings));
    }
    for (String converterKey : ConnectKeys.CONVERTER_KEYS) {
      if (props.containsKey(converterKey)) {
        problems.addAll(ConnectKeys.converterProblems(converterKey, props));
      }
    }
    assertThat(problems).as("problems in %s", example).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("connectorExamples")
  void topicCreationMakesACompactedTopic(ExampleConfig example) {
    if (example.props().keySet().stream().anyMatch(k -> k.startsWith("topic.creation."))) {
      assertThat(example.props()).containsEntry("topic.creation.default.cleanup.policy", "compact");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("connectorExamples")
  void holdsNoSecretInClearText(ExampleConfig example) {
    for (String secret :
        List.of(EcrSourceConfig.SECRET_ACCESS_KEY, EcrSourceConfig.SESSION_TOKEN)) {
      String value = example.props().get(secret);
      if (value != null) {
        assertThat(value)
            .as("%s in %s: use a ConfigProvider reference", secret, example)
            .startsWith("${");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("connectorExamples")
  void explainsEveryKey(ExampleConfig example) {
    if (example.isProperties()) {
      assertThat(PropertiesComments.uncommentedKeys(example.file()))
          .as("keys without a comment line above them")
          .isEmpty();
    }
  }

  @Test
  void restBodyHoldsTheSameConfigAsTheStandaloneFile() {
    ExampleConfig standalone = example("config/ecr-pull-through-cache-source.properties");
    ExampleConfig rest = example("config/ecr-pull-through-cache-source.json");
    Map<String, String> withoutName = new HashMap<>(standalone.props());
    withoutName.remove("name");

    assertThat(rest.name()).isEqualTo(standalone.name());
    assertThat(rest.props()).isEqualTo(withoutName);
  }

  @Test
  void mskExampleUsesTheExecutionRole() {
    Map<String, String> msk =
        example("config/ecr-pull-through-cache-source-msk.properties").props();
    assertThat(msk)
        .doesNotContainKeys(
            EcrSourceConfig.ACCESS_KEY_ID,
            EcrSourceConfig.SECRET_ACCESS_KEY,
            EcrSourceConfig.SESSION_TOKEN,
            EcrSourceConfig.CREDENTIALS_PROVIDER_CLASS)
        // MSK Connect's default worker configuration would write Struct.toString() otherwise.
        .containsEntry("value.converter", "org.apache.kafka.connect.json.JsonConverter")
        .containsKey(EcrSourceConfig.REGIONS);
  }

  @Test
  void glueExampleWritesValuesToGlueAndKeysAsPlainJson() {
    Map<String, String> glue =
        example("config/ecr-pull-through-cache-source-msk-glue.properties").props();
    assertThat(glue)
        .containsEntry("value.converter", RegistryConverters.GLUE_AVRO)
        .containsEntry("value.converter.compatibility", "FULL_ALL")
        // Glue names key and value schemas after the topic alike: keys cannot share the registry.
        .containsEntry("key.converter", "org.apache.kafka.connect.json.JsonConverter")
        .containsEntry("key.converter.schemas.enable", "false")
        .doesNotContainKeys(EcrSourceConfig.ACCESS_KEY_ID, EcrSourceConfig.SECRET_ACCESS_KEY);
  }

  @Test
  void stateTableExampleUnwrapsAfter() {
    Map<String, String> table =
        example("config/ecr-pull-through-cache-source-state-table.properties").props();
    assertThat(table)
        .containsEntry("transforms", "unwrap")
        .containsEntry(
            "transforms.unwrap.type", "org.apache.kafka.connect.transforms.ExtractField$Value")
        .containsEntry("transforms.unwrap.field", "after")
        .containsEntry(
            "predicates.isHeartbeat.pattern", table.get(EcrSourceConfig.HEARTBEAT_TOPIC));
  }

  private static ExampleConfig example(String relative) {
    return connectorExamples().stream()
        .filter(e -> e.toString().equals(relative))
        .findFirst()
        .orElseThrow(() -> new AssertionError("missing example " + relative));
  }

  private static <T> T newInstance(String className, Class<T> type) throws Exception {
    assertThat(className).as("a %s class", type.getSimpleName()).isNotBlank();
    Class<?> loaded = Class.forName(className);
    assertThat(type).as(className).isAssignableFrom(loaded);
    return type.cast(loaded.getDeclaredConstructor().newInstance());
  }
}
