package io.github.ecrconnect.ptc.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.github.ecrconnect.ptc.core.DiscoveryException;
import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import io.github.ecrconnect.ptc.testkit.FakeOrganization;
import io.github.ecrconnect.ptc.testkit.RecordedAssumeRole;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Organizations ListAccounts and Account Management ListRegions through the real AWS SDK clients
 * against the local endpoint: every page, the right credentials per account, errors classified.
 */
class AwsScopeSourcesTest {
  private static final String MANAGEMENT = "100000000000";
  private static final String MEMBER = "100000000001";
  private static final String KEY = "AKIDMANAGEMENT";
  private static final String ROLE = "arn:aws:iam::{registryId}:role/ecr-reader";

  private static FakeEcrServer aws;

  @BeforeAll
  static void startServer() {
    aws = FakeEcrServer.start();
  }

  @AfterAll
  static void stopServer() {
    aws.close();
  }

  @BeforeEach
  void resetServer() {
    aws.reset();
    aws.setAccount(KEY, MANAGEMENT);
    aws.organization().create(MANAGEMENT).addAccount(MEMBER);
  }

  private static AwsSettings.Builder settings() {
    return AwsSettings.builder()
        .organizationsEndpoint(aws.endpoint())
        .accountEndpoint(aws.endpoint())
        .stsEndpoint(aws.endpoint())
        .maxAttempts(1)
        .staticCredentials(KEY, "secret", null);
  }

  private static AwsScopeSources sources(AwsSettings settings) {
    return new AwsScopeSources(settings, "us-east-1");
  }

  @Test
  void listsTheActiveAccountsOfEveryPage() throws Exception {
    List<String> expected = new ArrayList<>(List.of(MANAGEMENT, MEMBER));
    for (int i = 2; i < 45; i++) {
      String account = String.format("1000000000%02d", i);
      aws.organization().addAccount(account);
      expected.add(account);
    }
    aws.organization().setState("100000000002", "SUSPENDED").setState("100000000003", "CLOSED");
    expected.removeAll(List.of("100000000002", "100000000003"));

    try (AwsScopeSources sources = sources(settings().build())) {
      assertThat(sources.activeAccounts()).containsExactlyElementsOf(expected);
    }
    assertThat(aws.organization().listAccountsCalls()).as("45 accounts, 20 a page").isEqualTo(3);
  }

  @Test
  void aMemberThatIsNeitherManagementNorDelegatedIsToldWhatToGrant() throws Exception {
    aws.setAccount(KEY, MEMBER);

    try (AwsScopeSources sources = sources(settings().build())) {
      assertThatExceptionOfType(DiscoveryException.class)
          .isThrownBy(sources::activeAccounts)
          .matches(e -> !e.isRetriable())
          .withMessageContaining("organizations:ListAccounts")
          .withMessageContaining("AccessDeniedException")
          .withMessageNotContaining("secret");
    }

    aws.organization().delegateAdministrator(MEMBER);
    try (AwsScopeSources sources = sources(settings().build())) {
      assertThat(sources.activeAccounts()).as("as a delegated administrator").contains(MEMBER);
    }
  }

  @Test
  void anAccountOutsideAnOrganizationIsToldSo() {
    aws.setAccount(KEY, "999999999999");

    try (AwsScopeSources sources = sources(settings().build())) {
      assertThatExceptionOfType(DiscoveryException.class)
          .isThrownBy(sources::activeAccounts)
          .matches(e -> !e.isRetriable())
          .withMessageContaining("not in an organization");
    }
  }

  @Test
  void throttlingAndServerErrorsAreRetriable() {
    try (AwsScopeSources sources = sources(settings().build())) {
      aws.organization().fail("ListAccounts", 400, "TooManyRequestsException", "slow down");
      assertThatExceptionOfType(DiscoveryException.class)
          .isThrownBy(sources::activeAccounts)
          .matches(DiscoveryException::isRetriable);

      aws.organization().fail("ListAccounts", 500, "ServiceException", "oops");
      assertThatExceptionOfType(DiscoveryException.class)
          .isThrownBy(sources::activeAccounts)
          .matches(DiscoveryException::isRetriable);
    }
  }

  @Test
  void enabledRegionsFollowOptInsAndOptOuts() throws Exception {
    try (AwsScopeSources sources = sources(settings().build())) {
      assertThat(sources.enabledRegions(null))
          .containsExactlyInAnyOrderElementsOf(FakeOrganization.DEFAULT_REGIONS);

      aws.organization()
          .enableRegion(MANAGEMENT, "ap-east-1")
          .disableRegion(MANAGEMENT, "us-west-2");

      assertThat(sources.enabledRegions(null))
          .containsExactlyInAnyOrder("ap-east-1", "eu-west-1", "us-east-1");
    }
  }

  @Test
  void regionsOfEveryPageAreRead() throws Exception {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      many.add("xx-test-" + i);
    }
    aws.organization().setDefaultRegions(many);

    try (AwsScopeSources sources = sources(settings().build())) {
      assertThat(sources.enabledRegions(null)).hasSize(60);
    }
    assertThat(aws.organization().listRegionsCalls(MANAGEMENT)).isEqualTo(2);
  }

  @Test
  void eachAccountsRegionsAreReadThroughItsRoleWithOneSessionPerAccount() throws Exception {
    aws.organization().enableRegion(MEMBER, "ap-east-1");
    try (AwsScopeSources sources = sources(settings().assumeRole(ROLE, null, null).build())) {
      for (int discovery = 0; discovery < 3; discovery++) {
        assertThat(sources.enabledRegions(MEMBER)).contains("ap-east-1");
        assertThat(sources.enabledRegions(MANAGEMENT)).doesNotContain("ap-east-1");
      }
      assertThat(sources.activeAccounts()).containsExactly(MANAGEMENT, MEMBER);
    }

    assertThat(aws.assumeRoleCalls())
        .extracting(RecordedAssumeRole::roleArn)
        .containsExactlyInAnyOrder(
            "arn:aws:iam::" + MEMBER + ":role/ecr-reader",
            "arn:aws:iam::" + MANAGEMENT + ":role/ecr-reader");
    assertThat(aws.organization().listRegionsCalls(MEMBER)).isEqualTo(3);
  }

  @Test
  void aRoleThatCannotBeAssumedIsAFatalFailureOfThatAccount() {
    aws.denyAssumeRole("arn:aws:iam::" + MEMBER + ":role/ecr-reader");

    try (AwsScopeSources sources = sources(settings().assumeRole(ROLE, null, null).build())) {
      assertThatExceptionOfType(DiscoveryException.class)
          .isThrownBy(() -> sources.enabledRegions(MEMBER))
          .matches(e -> !e.isRetriable())
          .withMessageContaining("account " + MEMBER)
          .withMessageContaining("sts:AssumeRole");
    }
  }

  @Test
  void aRoleWithoutListRegionsIsToldWhatToGrant() {
    aws.organization().fail("ListRegions:" + MEMBER, 403, "AccessDeniedException", "denied");

    try (AwsScopeSources sources = sources(settings().assumeRole(ROLE, null, null).build())) {
      assertThatExceptionOfType(DiscoveryException.class)
          .isThrownBy(() -> sources.enabledRegions(MEMBER))
          .matches(e -> !e.isRetriable())
          .withMessageContaining("account:ListRegions")
          .withMessageContaining("arn:aws:iam::" + MEMBER + ":role/ecr-reader");
    }
  }
}
