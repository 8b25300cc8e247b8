package io.github.ecrconnect.ptc.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * validate() with discovery: the keywords stand alone, include and exclude need the organization,
 * and a live call per discovery API reports a refusal on the key it concerns.
 */
class DiscoveryValidationTest {
  private static final String KEY = "AKIDVALIDATE";
  private static final String MANAGEMENT = "300000000000";
  private static FakeEcrServer aws;

  private final EcrPullThroughCacheSourceConnector connector =
      new EcrPullThroughCacheSourceConnector();

  @BeforeAll
  static void startServer() {
    aws = FakeEcrServer.start();
  }

  @AfterAll
  static void stopServer() {
    aws.close();
  }

  @BeforeEach
  void organization() {
    aws.reset();
    aws.setAccount(KEY, MANAGEMENT);
    aws.organization().create(MANAGEMENT).addAccount("300000000001");
  }

  private static Map<String, String> config() {
    Map<String, String> props = new HashMap<>();
    props.put("topic", "rules");
    props.put("aws.regions", "all");
    props.put("aws.ecr.registry.ids", "organization");
    props.put("aws.sts.role.arn", "arn:aws:iam::{registryId}:role/ecr-reader");
    props.put("aws.sts.endpoint", aws.endpoint().toString());
    props.put("aws.access.key.id", KEY);
    props.put("aws.secret.access.key", "secret");
    props.put("aws.ecr.endpoint", aws.endpoint().toString());
    props.put("aws.organizations.endpoint", aws.endpoint().toString());
    props.put("aws.account.endpoint", aws.endpoint().toString());
    return props;
  }

  private Map<String, List<String>> errors(Map<String, String> props) {
    return connector.validate(props).configValues().stream()
        .filter(v -> !v.errorMessages().isEmpty())
        .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
  }

  @Test
  void theManagementAccountPasses() {
    assertThat(errors(config())).isEmpty();
    assertThat(aws.organization().listAccountsCalls()).isEqualTo(1);
    assertThat(aws.organization().listRegionsCalls(MANAGEMENT)).isEqualTo(1);
  }

  @Test
  void aMemberAccountIsToldToUseTheManagementAccountOrADelegatedAdministrator() {
    aws.setAccount(KEY, "300000000001");

    assertThat(errors(config()))
        .containsOnlyKeys("aws.ecr.registry.ids")
        .extractingByKey("aws.ecr.registry.ids")
        .asString()
        .contains("organizations:ListAccounts", "delegated administrator");
  }

  @Test
  void aRefusedListRegionsIsReportedOnTheRegions() {
    aws.organization().fail("ListRegions:" + MANAGEMENT, 403, "AccessDeniedException", "no");

    assertThat(errors(config()))
        .containsOnlyKeys("aws.regions")
        .extractingByKey("aws.regions")
        .asString()
        .contains("account:ListRegions");
  }

  @Test
  void theOrganizationNeedsARolePerAccount() {
    Map<String, String> props = config();
    props.put("aws.sts.role.arn", "arn:aws:iam::300000000000:role/ecr-reader");

    assertThat(errors(props))
        .containsOnlyKeys("aws.ecr.registry.ids")
        .extractingByKey("aws.ecr.registry.ids")
        .asString()
        .contains("{registryId}");
  }

  @Test
  void keywordsStandAlone() {
    Map<String, String> props = config();
    props.put("aws.regions", "all,us-east-1");
    props.put("aws.ecr.registry.ids", "organization,300000000001");

    Map<String, List<String>> errors = errors(props);

    assertThat(errors).containsOnlyKeys("aws.regions", "aws.ecr.registry.ids");
    assertThat(errors.get("aws.regions")).singleElement().asString().contains("'all' stands alone");
  }

  @Test
  void includeAndExcludeNeedTheOrganization() {
    Map<String, String> props = config();
    props.put("aws.ecr.registry.ids", "300000000001");
    props.put("aws.organization.accounts.exclude", "300000000002");

    assertThat(errors(props))
        .containsOnlyKeys("aws.organization.accounts.exclude")
        .extractingByKey("aws.organization.accounts.exclude")
        .asString()
        .contains("only used with aws.ecr.registry.ids=organization");
  }

  @Test
  void unreachableDiscoveryEndpointsOnlyWarn() {
    Map<String, String> props = config();
    props.put("aws.organizations.endpoint", "http://127.0.0.1:9");
    props.put("aws.account.endpoint", "http://127.0.0.1:9");

    assertThat(errors(props)).isEmpty();
  }
}
