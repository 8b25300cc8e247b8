package io.github.ecrconnect.ptc.aws;

import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/**
 * Whether the AWS SDK itself counts an error as transient: asks the SDK's standard retry strategy
 * (the one the clients use) whether it would retry it. This covers what the SDK knows that the
 * classifier does not name: error codes such as {@code PriorRequestNotComplete} or {@code
 * RequestTimeout}, the 5xx statuses, exceptions modelled as retryable, I/O failures.
 */
final class SdkRetryPolicy {
  // Two attempts, so one retry is allowed; no circuit breaker, so the answer depends on the
  // error alone; no backoff, since nothing waits.
  private static final RetryStrategy STRATEGY =
      AwsRetryStrategy.standardRetryStrategy().toBuilder()
          .maxAttempts(2)
          .circuitBreakerEnabled(false)
          .backoffStrategy(BackoffStrategy.retryImmediately())
          .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
          .build();

  private SdkRetryPolicy() {}

  static boolean wouldRetry(Throwable error) {
    RetryToken token =
        STRATEGY.acquireInitialToken(AcquireInitialTokenRequest.create("classify")).token();
    try {
      STRATEGY.refreshRetryToken(
          RefreshRetryTokenRequest.builder()
              .token(token)
              .failure(error)
              .suggestedDelay(Duration.ZERO)
              .build());
      return true;
    } catch (TokenAcquisitionFailedException e) {
      return false;
    }
  }
}
