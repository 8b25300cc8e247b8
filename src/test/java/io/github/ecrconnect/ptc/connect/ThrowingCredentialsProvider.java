package io.github.ecrconnect.ptc.connect;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** A provider whose constructor fails, as one that needs a file the worker lacks would. */
public final class ThrowingCredentialsProvider implements AwsCredentialsProvider {
  public ThrowingCredentialsProvider() {
    throw new IllegalStateException("needs /etc/secret-broker.conf; token=do-not-echo");
  }

  @Override
  public AwsCredentials resolveCredentials() {
    throw new UnsupportedOperationException();
  }
}
