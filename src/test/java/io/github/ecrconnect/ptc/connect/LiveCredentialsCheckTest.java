package io.github.ecrconnect.ptc.connect;

import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.ACCESS_KEY_ID;
import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.ENDPOINT;
import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.REGIONS;
import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.REGISTRY_IDS;
import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.ROLE_ARN;
import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.SECRET_ACCESS_KEY;
import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.STS_ENDPOINT;
import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import io.github.ecrconnect.ptc.testkit.RecordedAssumeRole;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With a role per account ({registryId} in the role ARN), validate() tries the role of every listed
 * account, once each, and names the account whose role fails.
 */
class LiveCredentialsCheckTest {
  private static final String ROLE_TEMPLATE = "arn:aws:iam::{registryId}:role/ecr-reader";
  private static final String A = "111111111111";
  private static final String B = "222222222222";
  private static final String C = "333333333333";

  private static FakeEcrServer ecr;
  private final EcrPullThroughCacheSourceConnector connector =
      new EcrPullThroughCacheSourceConnector();

  @BeforeAll
  static void startServer() {
    ecr = FakeEcrServer.start();
  }

  @AfterAll
  static void stopServer() {
    ecr.close();
  }

  @BeforeEach
  void reset() {
    ecr.reset();
  }

  private static Map<String, String> config(String ids) {
    Map<String, String> props = new HashMap<>();
    props.put(TOPIC, "ecr-rules");
    props.put(REGIONS, "us-east-1,eu-west-1");
    props.put(REGISTRY_IDS, ids);
    props.put(ENDPOINT, ecr.endpoint().toString());
    props.put(STS_ENDPOINT, ecr.endpoint().toString());
    props.put(ACCESS_KEY_ID, "AKIDLIVECHECK");
    props.put(SECRET_ACCESS_KEY, "live-check-secret");
    props.put(ROLE_ARN, ROLE_TEMPLATE);
    return props;
  }

  private Map<String, List<String>> errors(Map<String, String> props) {
    return connector.validate(props).configValues().stream()
        .filter(v -> !v.errorMessages().isEmpty())
        .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
  }

  private static String role(String account) {
    return ROLE_TEMPLATE.replace("{registryId}", account);
  }

  @Test
  void theRoleOfALaterAccountIsCheckedAndNamed() {
    ecr.denyAssumeRole(role(B));

    assertThat(errors(config(A + "," + B + "," + C)).get(ROLE_ARN))
        .singleElement()
        .asString()
        .contains("account " + B)
        .doesNotContain("live-check-secret");
  }

  @Test
  void eachAccountIsCheckedOnceWhateverTheRegions() {
    assertThat(errors(config(A + "," + B + "," + C))).isEmpty();

    assertThat(ecr.assumeRoleCalls().stream().map(RecordedAssumeRole::roleArn))
        .containsExactlyInAnyOrder(role(A), role(B), role(C));
    assertThat(ecr.describeCalls()).isEqualTo(3);
  }

  @Test
  void atMostTheCapOfAccountsIsChecked() {
    String ids =
        IntStream.rangeClosed(1, CredentialsCheck.MAX_ACCOUNTS + 3)
            .mapToObj(i -> String.format("%012d", i))
            .collect(Collectors.joining(","));

    assertThat(errors(config(ids))).isEmpty();

    assertThat(ecr.assumeRoleCalls()).hasSize(CredentialsCheck.MAX_ACCOUNTS);
  }
}
