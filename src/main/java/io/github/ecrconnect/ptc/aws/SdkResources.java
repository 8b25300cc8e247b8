package io.github.ecrconnect.ptc.aws;

import io.github.ecrconnect.ptc.core.ApiCallListener;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * What every AWS client made by one owner (a task's ECR reader, the connector's discovery) shares:
 * one HTTP client and one scheduler for the API-call timeouts. Left to itself, each SDK client
 * makes its own of both, and the scheduler grows to 5 threads: at thousands of registries that was
 * the connector's limit (docs/PERFORMANCE.md, benchmark 7). The SDK does not close what it is
 * given, so {@link #close()} does, once every client built with it is closed.
 */
final class SdkResources implements AutoCloseable {
  /** Timeout tasks only abort a request; two threads keep one slow abort from delaying the rest. */
  private static final int TIMEOUT_THREADS = 2;

  private static final AtomicInteger OWNERS = new AtomicInteger();

  private final AwsSettings settings;
  private final SdkHttpClient httpClient;
  private final ScheduledThreadPoolExecutor timeouts;

  SdkResources(AwsSettings settings) {
    this.settings = settings;
    this.httpClient = UrlConnectionHttpClient.create();
    String prefix = "ecr-ptc-sdk-timeouts-" + OWNERS.incrementAndGet() + "-";
    AtomicInteger threads = new AtomicInteger();
    this.timeouts =
        new ScheduledThreadPoolExecutor(
            TIMEOUT_THREADS,
            task -> {
              Thread thread = new Thread(task, prefix + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    // Nearly every timeout is cancelled when its call ends: drop those at once instead of holding
    // them until they would have fired (a minute later, for the default call timeout).
    this.timeouts.setRemoveOnCancelPolicy(true);
  }

  /** Gives {@code builder} the shared HTTP client, timeouts, retries and an API call counter. */
  <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      B builder, ApiCallListener apiCalls) {
    return builder
        .httpClient(httpClient)
        .overrideConfiguration(
            ClientOverrides.of(settings).toBuilder()
                .scheduledExecutorService(timeouts)
                .addExecutionInterceptor(new ApiCallCounter(apiCalls))
                .build());
  }

  @Override
  public void close() {
    timeouts.shutdownNow();
    httpClient.close();
  }
}
