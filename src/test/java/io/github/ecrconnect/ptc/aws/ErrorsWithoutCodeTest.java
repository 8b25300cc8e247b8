package io.github.ecrconnect.ptc.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RuleListingException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ecr.model.EcrException;

/**
 * Errors that carry no AWS error code: what a proxy or load balancer in front of the endpoint
 * answers with an HTML page. They are classified like any other error of their status, never thrown
 * as a NullPointerException.
 */
class ErrorsWithoutCodeTest {
  private static final Registry REGISTRY = Registry.of("111111111111", "us-east-1");
  private final EcrErrorClassifier classifier =
      new EcrErrorClassifier(AwsSettings.builder().build());

  private static EcrException withoutCode(int status, String message) {
    return (EcrException)
        EcrException.builder()
            .statusCode(status)
            .awsErrorDetails(AwsErrorDetails.builder().errorMessage(message).build())
            .message(message)
            .build();
  }

  @Test
  void a403PageFromAProxyIsAFailureWithItsStatusNotANullPointer() {
    RuleListingException failure = classifier.classify(REGISTRY, 1, withoutCode(403, "Forbidden"));
    assertThat(failure.isRetriable()).isFalse();
    assertThat(failure.getMessage()).contains("111111111111@us-east-1", "Forbidden");
  }

  @Test
  void a503PageIsRetriableAndNotTakenForExpiredCredentials() {
    EcrException error = withoutCode(503, "Service Unavailable");
    assertThat(EcrErrorClassifier.isExpiredCredentials(error)).isFalse();
    RuleListingException failure = classifier.classify(REGISTRY, 1, error);
    assertThat(failure.isRetriable()).isTrue();
    assertThat(failure.getMessage()).doesNotContain("null").contains("HTTP 503");
  }
}
