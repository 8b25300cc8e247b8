package io.github.ecrconnect.ptc.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Values that validate() used to accept although the task cannot run with them; each must now be
 * reported on its key, naming it.
 */
class ValidationGapsTest {
  private final EcrPullThroughCacheSourceConnector connector =
      new EcrPullThroughCacheSourceConnector();

  private Map<String, List<String>> errors(String key, String value) {
    Map<String, String> props = ConnectorConfigTest.validConfig();
    props.put(key, value);
    return connector.validate(props).configValues().stream()
        .filter(v -> !v.errorMessages().isEmpty())
        .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
  }

  /** Each of these made the task fail at start or at its first record. */
  @ParameterizedTest(name = "{0}=''{1}''")
  @CsvSource({
    "snapshot.mode, ' '",
    "aws.sts.role.session.name, ' '",
    "topic, 'ecr rules'",
    "topic, 'ecr/rules'",
    "topic, '..'",
    "heartbeat.topic, 'heart:beat'",
  })
  void isReportedOnItsKey(String key, String value) {
    assertThat(errors(key, value)).containsOnlyKeys(key);
    assertThat(errors(key, value).get(key)).singleElement().asString().contains(key);
  }

  @ParameterizedTest(name = "{0}=''{1}''")
  @CsvSource({
    "topic, 'ecr.pull-through_cache.RULES-1'",
    "heartbeat.topic, '__ecr-heartbeat'",
    "snapshot.mode, ' NO_DATA '",
  })
  void legalValuesStayValid(String key, String value) {
    assertThat(errors(key, value)).isEmpty();
  }
}
