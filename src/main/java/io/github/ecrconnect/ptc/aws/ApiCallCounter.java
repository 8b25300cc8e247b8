package io.github.ecrconnect.ptc.aws;

import io.github.ecrconnect.ptc.core.ApiCallListener;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Reports each HTTP attempt the SDK makes, retries included, and which were throttled (HTTP 429 or
 * an error type header naming throttling), to an {@link ApiCallListener}.
 */
final class ApiCallCounter implements ExecutionInterceptor {
  private final ApiCallListener listener;

  ApiCallCounter(ApiCallListener listener) {
    this.listener = listener;
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    listener.attempted();
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    int status = context.httpResponse().statusCode();
    boolean throttled =
        status == 429
            || context
                .httpResponse()
                .firstMatchingHeader("x-amzn-ErrorType")
                .map(type -> type.startsWith("Throttling") || type.startsWith("TooManyRequests"))
                .orElse(false);
    if (throttled) {
      listener.throttled();
    }
  }
}
