package io.github.ecrconnect.ptc.aws;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/** A provider made with its public constructor: a new instance the connector owns. */
public final class OwnCredentialsProvider implements AwsCredentialsProvider, SdkAutoCloseable {
  public static final AtomicInteger CREATED = new AtomicInteger();
  public static final AtomicInteger CLOSES = new AtomicInteger();

  public OwnCredentialsProvider() {
    CREATED.incrementAndGet();
  }

  @Override
  public AwsCredentials resolveCredentials() {
    return AwsBasicCredentials.create("AKIDOWNPROVIDER", "own-secret");
  }

  @Override
  public void close() {
    CLOSES.incrementAndGet();
  }
}
