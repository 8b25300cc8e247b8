package io.github.ecrconnect.ptc.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RuleListingException;
import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import io.github.ecrconnect.ptc.testkit.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ecr.model.EcrException;

/**
 * A request timeout (HTTP 408, RequestTimeoutException) and the other transient 4xx answers are
 * retried with backoff, not a failed task; for codes the connector does not name, it follows the
 * AWS SDK's own retry strategy.
 */
class TransientErrorsTest {
  private static final String ACCOUNT = "111111111111";
  private static final String REGION = "us-east-1";
  private static final Registry REGISTRY = Registry.of(ACCOUNT, REGION);
  private final EcrErrorClassifier classifier =
      new EcrErrorClassifier(AwsSettings.builder().build());

  private static FakeEcrServer ecr;

  @BeforeAll
  static void startServer() {
    ecr = FakeEcrServer.start();
  }

  @AfterAll
  static void stopServer() {
    ecr.close();
  }

  private static EcrException error(int status, String code) {
    return (EcrException)
        EcrException.builder()
            .statusCode(status)
            .awsErrorDetails(
                AwsErrorDetails.builder().errorCode(code).errorMessage("try later").build())
            .message("try later")
            .build();
  }

  @ParameterizedTest(name = "HTTP {0} {1}")
  @CsvSource({
    "408, RequestTimeoutException",
    "408, RequestTimeout",
    "408, ",
    "400, RequestTimeoutException",
    "400, PriorRequestNotComplete",
    // Codes only the SDK's retry strategy knows as transient.
    "400, InternalError",
    "400, TransactionInProgressException",
  })
  void transientAnswersAreRetried(int status, String code) {
    RuleListingException failure = classifier.classify(REGISTRY, 1, error(status, code));

    assertThat(failure.isRetriable()).as(failure.getMessage()).isTrue();
    assertThat(failure.getMessage()).contains(ACCOUNT + "@" + REGION);
  }

  @ParameterizedTest(name = "HTTP {0} {1}")
  @CsvSource({
    "400, SomeNewValidationException",
    "400, AccessDeniedException",
    "400, UnrecognizedClientException",
    "400, InvalidParameterException",
    "404, RegistryNotFoundException",
  })
  void definiteRefusalsStayFatal(int status, String code) {
    assertThat(classifier.classify(REGISTRY, 1, error(status, code)).isRetriable()).isFalse();
  }

  @Test
  void aRequestTimeoutFromTheEndpointIsRetriableAndTheNextPollSucceeds() throws Exception {
    ecr.reset();
    ecr.createRules(REGION, ACCOUNT, 3);
    Fault timeout =
        Fault.error(408, "RequestTimeoutException", "Request timed out")
            .forRegistry(ACCOUNT)
            .always();
    ecr.inject(timeout);
    AwsSettings settings =
        AwsSettings.builder()
            .ecrEndpoint(ecr.endpoint())
            .staticCredentials("AKIDTRANSIENT", "secret", null)
            .maxAttempts(1)
            .build();
    try (EcrRuleSource source = new EcrRuleSource(settings)) {
      assertThatThrownBy(() -> source.list(REGISTRY))
          .isInstanceOfSatisfying(
              RuleListingException.class,
              e -> assertThat(e.isRetriable()).as(e.getMessage()).isTrue());

      ecr.removeFault(timeout);
      assertThat(source.list(REGISTRY)).hasSize(3);
    }
  }
}
