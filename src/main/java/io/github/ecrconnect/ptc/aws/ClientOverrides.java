package io.github.ecrconnect.ptc.aws;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.retries.StandardRetryStrategy;

/**
 * What every AWS client of the connector shares: the settings' timeouts and the SDK's standard
 * retry strategy (jittered exponential backoff, also for an endpoint override).
 */
final class ClientOverrides {
  private ClientOverrides() {}

  static ClientOverrideConfiguration of(AwsSettings settings) {
    StandardRetryStrategy retries =
        AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(settings.maxAttempts())
            .build();
    return ClientOverrideConfiguration.builder()
        .apiCallTimeout(settings.apiCallTimeout())
        .apiCallAttemptTimeout(settings.apiCallAttemptTimeout())
        .retryStrategy(retries)
        .build();
  }
}
