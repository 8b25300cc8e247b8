package io.github.ecrconnect.ptc.aws;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Like {@code DefaultCredentialsProvider.create()}: a static {@code create()} that hands every
 * caller one shared instance, which nobody but its owner may close. Counts closes.
 */
public final class SharedCredentialsProvider implements AwsCredentialsProvider, SdkAutoCloseable {
  public static final AtomicInteger CLOSES = new AtomicInteger();
  private static final SharedCredentialsProvider INSTANCE = new SharedCredentialsProvider();

  private SharedCredentialsProvider() {}

  public static SharedCredentialsProvider create() {
    return INSTANCE;
  }

  @Override
  public AwsCredentials resolveCredentials() {
    return AwsBasicCredentials.create("AKIDSHAREDPROVIDER", "shared-secret");
  }

  @Override
  public void close() {
    CLOSES.incrementAndGet();
  }
}
