package io.github.ecrconnect.ptc.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.core.Registry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.source.SourceConnector;
import org.junit.jupiter.api.Test;

class ConnectorConfigTest {
  private final EcrPullThroughCacheSourceConnector connector =
      new EcrPullThroughCacheSourceConnector();

  /** A valid config whose live check cannot reach anything (a closed loopback port). */
  static Map<String, String> validConfig() {
    Map<String, String> props = new HashMap<>();
    props.put("topic", "ecr-rules");
    props.put("aws.regions", "us-east-1,eu-west-1");
    props.put("aws.ecr.registry.ids", "111111111111,222222222222");
    props.put("aws.ecr.endpoint", "http://127.0.0.1:9");
    props.put("aws.access.key.id", "AKIDEXAMPLE");
    props.put("aws.secret.access.key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    return props;
  }

  private Map<String, List<String>> errors(Map<String, String> props) {
    return connector.validate(props).configValues().stream()
        .filter(v -> !v.errorMessages().isEmpty())
        .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
  }

  private Map<String, String> validWith(String key, String value) {
    Map<String, String> props = validConfig();
    if (value == null) {
      props.remove(key);
    } else {
      props.put(key, value);
    }
    return props;
  }

  @Test
  void validConfigHasNoErrors() {
    assertThat(errors(validConfig())).isEmpty();
  }

  @Test
  void pageSizeOutsideOneToThousandIsRejected() {
    assertThat(errors(validWith("aws.ecr.max.results", "0")).get("aws.ecr.max.results"))
        .singleElement()
        .asString()
        .contains("at least 1");
    assertThat(errors(validWith("aws.ecr.max.results", "1001")).get("aws.ecr.max.results"))
        .singleElement()
        .asString()
        .contains("no more than 1000");
  }

  @Test
  void negativeIntervalsAreRejected() {
    assertThat(errors(validWith("poll.interval.ms", "-5"))).containsKey("poll.interval.ms");
    assertThat(errors(validWith("retry.backoff.ms", "-1"))).containsKey("retry.backoff.ms");
  }

  @Test
  void unknownRegionIsNamed() {
    assertThat(errors(validWith("aws.regions", "us-east-1,mars-north-1")).get("aws.regions"))
        .singleElement()
        .asString()
        .contains("mars-north-1")
        .contains("region ids such as us-east-1");
  }

  @Test
  void malformedAccountIdIsNamed() {
    assertThat(errors(validWith("aws.ecr.registry.ids", "1234")).get("aws.ecr.registry.ids"))
        .singleElement()
        .asString()
        .contains("'1234'")
        .contains("12 digits");
  }

  @Test
  void malformedRoleArnIsRejected() {
    assertThat(
            errors(validWith("aws.sts.role.arn", "arn:aws:iam::12:user/x")).get("aws.sts.role.arn"))
        .singleElement()
        .asString()
        .contains("arn:aws:iam::<12-digit account or {registryId}>:role/");
  }

  @Test
  void roleArnPerAccountNeedsRegistryIds() {
    Map<String, String> props =
        validWith("aws.sts.role.arn", "arn:aws:iam::{registryId}:role/reader");
    props.remove("aws.ecr.registry.ids");
    assertThat(errors(props).get("aws.sts.role.arn"))
        .singleElement()
        .asString()
        .contains("aws.ecr.registry.ids must list");
  }

  @Test
  void staticKeysGivenHalfNameTheMissingKey() {
    assertThat(errors(validWith("aws.secret.access.key", null)).get("aws.secret.access.key"))
        .singleElement()
        .asString()
        .contains("required when aws.access.key.id is set");
    assertThat(errors(validWith("aws.access.key.id", null)).get("aws.access.key.id"))
        .singleElement()
        .asString()
        .contains("required when aws.secret.access.key is set");
  }

  @Test
  void secretValuesNeverAppearInValidationResults() {
    Map<String, String> props = validWith("aws.access.key.id", null);
    String rendered = connector.validate(props).configValues().toString();
    assertThat(rendered).doesNotContain("wJalrXUtnFEMI");
  }

  @Test
  void plainHttpEndpointOnlyToLoopback() {
    assertThat(
            errors(validWith("aws.ecr.endpoint", "http://ecr.example.com")).get("aws.ecr.endpoint"))
        .singleElement()
        .asString()
        .contains("clear text");
    assertThat(errors(validWith("aws.ecr.endpoint", "https://ecr.example.com"))).isEmpty();
    assertThat(errors(validWith("aws.ecr.endpoint", "http://[::1]:9"))).isEmpty();
  }

  @Test
  void unknownSnapshotModeListsTheChoices() {
    assertThat(errors(validWith("snapshot.mode", "always")).get("snapshot.mode"))
        .singleElement()
        .asString()
        .contains("initial, no_data");
  }

  @Test
  void missingTopicIsReported() {
    assertThat(errors(validWith("topic", null))).containsKey("topic");
  }

  /** Regions x ids = [111@us-east-1, 222@us-east-1, 111@eu-west-1, 222@eu-west-1]. */
  @Test
  void tasksGetRegistriesRoundRobin() {
    connector.start(validConfig());
    List<Map<String, String>> tasks = connector.taskConfigs(3);

    assertThat(tasks).hasSize(3);
    List<List<Registry>> assigned =
        tasks.stream()
            .map(t -> new EcrSourceTaskConfig(t).assignedRegistries())
            .collect(Collectors.toList());
    assertThat(assigned)
        .containsExactly(
            List.of(
                Registry.of("111111111111", "us-east-1"), Registry.of("222222222222", "eu-west-1")),
            List.of(Registry.of("222222222222", "us-east-1")),
            List.of(Registry.of("111111111111", "eu-west-1")));
    assertThat(connector.taskConfigs(10)).hasSize(4);
  }

  @Test
  void ownRegistryWhenNoIdsAreGiven() {
    connector.start(validWith("aws.ecr.registry.ids", null));
    assertThat(new EcrSourceTaskConfig(connector.taskConfigs(1).get(0)).assignedRegistries())
        .containsExactly(Registry.of(null, "us-east-1"), Registry.of(null, "eu-west-1"));
  }

  @Test
  void versionComesFromTheBuild() {
    assertThat(connector.version()).isNotBlank().isNotEqualTo("unknown").doesNotContain("${");
  }

  @Test
  void registeredForServiceLoading() {
    assertThat(ServiceLoader.load(SourceConnector.class).stream().map(ServiceLoader.Provider::type))
        .contains(EcrPullThroughCacheSourceConnector.class);
  }

  @Test
  void taskConfigDefDoesNotChangeTheConnectorConfigDef() {
    int before = EcrSourceConfig.configDef().names().size();
    EcrSourceTaskConfig.taskConfigDef();
    assertThat(connector.config().names()).hasSize(before).doesNotContain("task.registries");
  }
}
