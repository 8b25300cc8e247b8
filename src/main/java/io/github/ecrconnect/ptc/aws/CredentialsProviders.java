package io.github.ecrconnect.ptc.aws;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Builds the base credentials provider: static keys, a named provider class, or the default chain.
 *
 * <p>Who closes it: the connector closes only providers it created as new instances (a public
 * no-argument constructor, or a static {@code builder().build()}), since only those are its own. A
 * provider that a static {@code create()} returned may be shared: {@code
 * DefaultCredentialsProvider.create()} hands out the SDK-wide singleton that every other user in
 * the worker's JVM holds too. So {@code create()} is the last resort, and its result is never
 * closed.
 */
public final class CredentialsProviders {
  private CredentialsProviders() {}

  /** A provider and whether the connector created it, and so must close it. */
  static final class Base {
    private final AwsCredentialsProvider provider;
    private final boolean owned;

    Base(AwsCredentialsProvider provider, boolean owned) {
      this.provider = provider;
      this.owned = owned;
    }

    AwsCredentialsProvider provider() {
      return provider;
    }

    boolean owned() {
      return owned;
    }

    /** Closes the provider if it is the connector's own; best effort. */
    void closeIfOwned() {
      if (owned && provider instanceof AutoCloseable) {
        try {
          ((AutoCloseable) provider).close();
        } catch (Exception e) {
          // best effort: nothing is lost
        }
      }
    }
  }

  static Base base(AwsSettings settings) {
    if (settings.hasStaticKeys()) {
      return new Base(
          StaticCredentialsProvider.create(
              settings.sessionToken() == null
                  ? AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey())
                  : AwsSessionCredentials.create(
                      settings.accessKeyId(), settings.secretAccessKey(), settings.sessionToken())),
          true);
    }
    if (settings.credentialsProviderClass() != null) {
      return instantiate(settings.credentialsProviderClass());
    }
    // A new chain of our own (not create()'s shared singleton), so closing it harms no one.
    return new Base(DefaultCredentialsProvider.builder().build(), true);
  }

  /**
   * Whether {@code type} can be made into a provider, as the task will make it: null if so, else
   * what to fix (the class name and the reason, never a message the class's own code produced,
   * which could quote a secret). The provider made for the check is closed if it is ours.
   */
  public static String problemCreating(Class<?> type) {
    try {
      instantiate(type).closeIfOwned();
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /**
   * Creates a provider: with the public no-argument constructor, else a static {@code
   * builder().build()}, else a static {@code create()} (see the class comment for why this order).
   *
   * @throws IllegalArgumentException saying what to fix, when none of them works
   */
  static Base instantiate(Class<?> type) {
    if (!AwsCredentialsProvider.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(
          type.getName() + " does not implement " + AwsCredentialsProvider.class.getName());
    }
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      throw new IllegalArgumentException(
          type.getName() + " is abstract: name a concrete AwsCredentialsProvider class");
    }
    Throwable failure = null;
    try {
      return new Base((AwsCredentialsProvider) type.getConstructor().newInstance(), true);
    } catch (NoSuchMethodException e) {
      // try the builder
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      failure = e;
    }
    try {
      Method builder = publicStatic(type, "builder");
      if (builder != null) {
        Object built = builder.getReturnType().getMethod("build").invoke(builder.invoke(null));
        if (type.isInstance(built)) {
          return new Base((AwsCredentialsProvider) built, true);
        }
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      failure = failure == null ? e : failure;
    }
    try {
      Method create = publicStatic(type, "create");
      if (create != null && AwsCredentialsProvider.class.isAssignableFrom(create.getReturnType())) {
        return new Base((AwsCredentialsProvider) create.invoke(null), false);
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      failure = failure == null ? e : failure;
    }
    if (failure == null) {
      throw new IllegalArgumentException(
          type.getName()
              + " cannot be created: it needs a public no-argument constructor, a public static"
              + " builder() whose build() needs no settings, or a public static create() method");
    }
    Throwable cause =
        failure instanceof InvocationTargetException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    throw new IllegalArgumentException(
        type.getName()
            + " could not be created: its constructor, builder().build() or create() failed with "
            + cause.getClass().getName()
            + ". Check what that provider needs on the worker (files, environment, settings), or"
            + " name another class",
        cause);
  }

  private static Method publicStatic(Class<?> type, String name) {
    try {
      Method method = type.getMethod(name);
      return Modifier.isStatic(method.getModifiers()) ? method : null;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}
