package io.github.ecrconnect.ptc.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RuleListingException;
import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import io.github.ecrconnect.ptc.testkit.FakeRule;
import io.github.ecrconnect.ptc.testkit.Fault;
import io.github.ecrconnect.ptc.testkit.RecordedAssumeRole;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Temporary credentials that AWS declares expired. The SDK's assume-role provider renews by the
 * local clock, so when AWS's clock is ahead (or the session was cut short) it would keep signing
 * with expired credentials for minutes; the listing must fail retriably and the retry must assume
 * the role again.
 */
class ExpiredCredentialsTest {
  private static final String ACCOUNT = "111111111111";
  private static final Registry REGISTRY = Registry.of(ACCOUNT, "us-east-1");
  private static final String ROLE = "arn:aws:iam::111111111111:role/ecr-reader";

  private final FakeEcrServer ecr = FakeEcrServer.start();

  @AfterEach
  void stop() {
    ecr.close();
  }

  private AwsSettings.Builder settings() {
    return AwsSettings.builder()
        .ecrEndpoint(ecr.endpoint())
        .staticCredentials("AKIDBASEKEY", "base-secret", null)
        .maxAttempts(1);
  }

  @Test
  void anAssumedRoleSessionThatExpiresMidRunIsRenewedOnTheNextListing() throws Exception {
    ecr.put("us-east-1", ACCOUNT, FakeRule.of("hub", "registry-1.docker.io", "docker-hub"));
    ecr.setSessionDuration(Duration.ofMinutes(15));
    AwsSettings roleSettings =
        settings().stsEndpoint(ecr.endpoint()).assumeRole(ROLE, null, null).build();
    try (EcrRuleSource source = new EcrRuleSource(roleSettings)) {
      assertThat(source.list(REGISTRY)).hasSize(1);
      ecr.advanceClock(Duration.ofMinutes(16)); // AWS's time passes the session's end

      RuleListingException expired =
          catchThrowableOfType(RuleListingException.class, () -> source.list(REGISTRY));
      assertThat(expired.isRetriable()).as(expired.getMessage()).isTrue();
      assertThat(expired.getMessage())
          .contains("used expired credentials", "ExpiredTokenException");

      assertThat(source.list(REGISTRY)).as("the retry signs with a new session").hasSize(1);
      assertThat(ecr.assumeRoleCalls()).filteredOn(RecordedAssumeRole::granted).hasSize(2);
      String renewedKey = ecr.assumeRoleCalls().get(1).issuedAccessKeyId();
      assertThat(ecr.requests().get(ecr.requests().size() - 1).accessKeyId()).isEqualTo(renewedKey);
    }
  }

  @Test
  void expiredStaticSessionKeysFailWithWhatToUseInstead() {
    ecr.inject(
        Fault.error(
            400, "ExpiredTokenException", "The security token included in the request is expired"));
    AwsSettings staticSettings =
        settings().staticCredentials("ASIASTATIC", "static-secret", "static-token").build();
    try (EcrRuleSource source = new EcrRuleSource(staticSettings)) {
      RuleListingException expired =
          catchThrowableOfType(RuleListingException.class, () -> source.list(REGISTRY));
      assertThat(expired.isRetriable()).isFalse();
      assertThat(expired.getMessage())
          .contains("static session credentials have expired", "use aws.sts.role.arn");
    }
  }
}
