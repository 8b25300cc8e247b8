package io.github.ecrconnect.ptc.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.apache.kafka.connect.runtime.standalone.StandaloneConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every worker example (config/ and the Docker stack's) parses as Kafka Connect's own
 * DistributedConfig or StandaloneConfig, and names only keys and classes that exist. The
 * schema-registry converters are checked by {@link RegistryConverters}, each as far as its classes
 * are available here, and replaced by a stand-in for the parse where they are not on the classpath.
 */
class WorkerExamplesTest {
  static List<ExampleConfig> workerExamples() {
    return ExampleConfig.workers();
  }

  @Test
  void avroAndJsonWorkersAreShown() {
    assertThat(workerExamples())
        .anySatisfy(
            w ->
                assertThat(w.props())
                    .containsEntry("value.converter", RegistryConverters.CONFLUENT_AVRO)
                    .containsKey("value.converter.schema.registry.url"))
        .anySatisfy(
            w ->
                assertThat(w.props())
                    .containsEntry("value.converter", RegistryConverters.APICURIO_AVRO)
                    .containsKey("value.converter.apicurio.registry.url"))
        .anySatisfy(
            w ->
                assertThat(w.props())
                    .containsEntry("value.converter", JsonConverter.class.getName()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("workerExamples")
  void parsesAsAConnectWorkerConfig(ExampleConfig example) {
    Map<String, String> props = withStandIns(example.props());
    boolean distributed = props.containsKey(DistributedConfig.GROUP_ID_CONFIG);

    assertThatCode(() -> workerConfig(props, distributed))
        .as("%s", example)
        .doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("workerExamples")
  void namesOnlyKeysThatExist(ExampleConfig example) throws Exception {
    Map<String, String> props = example.props();
    WorkerConfig config =
        workerConfig(withStandIns(props), props.containsKey(DistributedConfig.GROUP_ID_CONFIG));
    List<String> problems = new ArrayList<>();
    for (String key : props.keySet()) {
      if (config.values().containsKey(key) || isConverterSetting(key, props)) {
        continue;
      }
      if (!isClientOrProviderSetting(key, props)) {
        problems.add(key + ": not a worker setting");
      }
    }
    for (String converterKey : ConnectKeys.CONVERTER_KEYS) {
      String className = props.get(converterKey);
      if (className == null) {
        continue;
      }
      problems.addAll(ConnectKeys.converterProblems(converterKey, props));
    }
    assertThat(problems).as("problems in %s", example).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("workerExamples")
  void explainsEveryKey(ExampleConfig example) {
    assertThat(PropertiesComments.uncommentedKeys(example.file()))
        .as("keys without a comment line above them")
        .isEmpty();
  }

  private static WorkerConfig workerConfig(Map<String, String> props, boolean distributed) {
    return distributed ? new DistributedConfig(props) : new StandaloneConfig(props);
  }

  /**
   * Converters that are not on this classpath (Confluent's; Glue's, which loads only in a class
   * loader of its own) replaced by Kafka's JsonConverter for the worker config's parse.
   */
  private static Map<String, String> withStandIns(Map<String, String> props) {
    Map<String, String> copy = new HashMap<>(props);
    for (String converterKey : ConnectKeys.CONVERTER_KEYS) {
      String className = copy.get(converterKey);
      if (className != null && !RegistryConverters.onTestClasspath(className)) {
        copy.put(converterKey, JsonConverter.class.getName());
      }
    }
    return copy;
  }

  private static boolean isConverterSetting(String key, Map<String, String> props) {
    return ConnectKeys.CONVERTER_KEYS.stream()
        .anyMatch(c -> props.containsKey(c) && key.startsWith(c + "."));
  }

  /** producer./consumer./admin. overrides and config.providers.<name>.class/.param.*. */
  private static boolean isClientOrProviderSetting(String key, Map<String, String> props) {
    if (key.startsWith("producer.")) {
      return ProducerConfig.configNames().contains(key.substring("producer.".length()));
    }
    if (key.startsWith("consumer.")) {
      return ConsumerConfig.configNames().contains(key.substring("consumer.".length()));
    }
    if (key.startsWith("admin.")) {
      return AdminClientConfig.configNames().contains(key.substring("admin.".length()));
    }
    for (String provider : ConnectKeys.aliases(props, "config.providers")) {
      String prefix = "config.providers." + provider + ".";
      if (key.equals(prefix + "class")) {
        return isLoadable(props.get(key));
      }
      if (key.startsWith(prefix + "param.")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLoadable(String className) {
    try {
      Class.forName(className);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
