package io.github.ecrconnect.ptc.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Endpoint overrides, ECR's and STS's: requests carry SigV4 signatures (and a session token in a
 * header), so plain http is refused except to loopback, with a message that says why.
 */
class EndpointOverrideTest {
  private final EcrPullThroughCacheSourceConnector connector =
      new EcrPullThroughCacheSourceConnector();

  private Map<String, List<String>> errors(String key, String value) {
    Map<String, String> props = ConnectorConfigTest.validConfig();
    props.put(key, value);
    if (key.equals("aws.ecr.endpoint")) {
      props.put("aws.ecr.max.results", "0"); // keeps validate() from calling the endpoint
    }
    Map<String, List<String>> errors =
        connector.validate(props).configValues().stream()
            .filter(v -> !v.errorMessages().isEmpty())
            .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    errors.remove("aws.ecr.max.results");
    return errors;
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "aws.ecr.endpoint, http://ecr.example.com",
    "aws.ecr.endpoint, http://vpce-0123.ecr.us-east-1.vpce.amazonaws.com:80",
    "aws.ecr.endpoint, http://10.0.0.12:8080",
    "aws.ecr.endpoint, HTTP://192.168.1.1",
    "aws.ecr.endpoint, http://[2001:db8::1]",
    "aws.ecr.endpoint, http://cafe:8080",
    "aws.ecr.endpoint, http://127.0.0.1.example.com",
    "aws.ecr.endpoint, http://localhost.example.com",
    "aws.sts.endpoint, http://sts.example.com",
    "aws.sts.endpoint, http://172.16.0.1:4566",
  })
  void plainHttpToAnyOtherHostIsRefusedSayingWhy(String key, String endpoint) {
    assertThat(errors(key, endpoint)).containsOnlyKeys(key);
    assertThat(errors(key, endpoint).get(key))
        .singleElement()
        .asString()
        .contains(
            key,
            "plain http",
            "signed AWS requests would cross the network in clear text",
            "https://");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:9",
        "http://127.8.9.10:4566",
        "http://localhost:4566",
        "http://LOCALHOST",
        "http://[::1]:4566",
        "https://ecr.us-east-1.amazonaws.com",
        "https://vpce-0123.ecr.us-east-1.vpce.amazonaws.com",
        "https://ecr-fips.us-east-1.amazonaws.com",
      })
  void httpsAnywhereAndPlainHttpToLoopbackAreAccepted(String endpoint) {
    assertThat(errors("aws.ecr.endpoint", endpoint)).isEmpty();
    assertThat(errors("aws.sts.endpoint", endpoint)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://ecr.example.com", "ecr.example.com", "https://", "not a url"})
  void whatIsNoHttpUrlIsRefused(String endpoint) {
    assertThat(errors("aws.sts.endpoint", endpoint)).containsOnlyKeys("aws.sts.endpoint");
  }
}
