package io.github.ecrconnect.ptc.aws;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Builds the base credentials provider: static keys, a named provider class, or the default chain. */
final class CredentialsProviders {
  private CredentialsProviders() {}

  static AwsCredentialsProvider base(AwsSettings settings) {
    if (settings.hasStaticKeys()) {
      return StaticCredentialsProvider.create(
          settings.sessionToken() == null
              ? AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey())
              : AwsSessionCredentials.create(
                  settings.accessKeyId(), settings.secretAccessKey(), settings.sessionToken()));
    }
    if (settings.credentialsProviderClass() != null) {
      return instantiate(settings.credentialsProviderClass());
    }
    return DefaultCredentialsProvider.builder().build();
  }

  /**
   * Creates a provider the way the SDK's own providers are made: a static {@code create()} if
   * there is one, else the public no-argument constructor.
   */
  static AwsCredentialsProvider instantiate(Class<?> type) {
    if (!AwsCredentialsProvider.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(
          type.getName() + " does not implement " + AwsCredentialsProvider.class.getName());
    }
    try {
      try {
        Method create = type.getMethod("create");
        if (Modifier.isStatic(create.getModifiers())
            && AwsCredentialsProvider.class.isAssignableFrom(create.getReturnType())) {
          return (AwsCredentialsProvider) create.invoke(null);
        }
      } catch (NoSuchMethodException e) {
        // fall through to the constructor
      }
      return (AwsCredentialsProvider) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          type.getName()
              + " cannot be created: it needs a public static create() method or a public"
              + " no-argument constructor",
          e);
    }
  }
}
