package io.github.ecrconnect.ptc.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.core.ApiCallListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;

/**
 * The connector closes only the credentials providers it created: a provider a static create()
 * returned may be shared by the whole worker (DefaultCredentialsProvider.create() is the SDK's
 * singleton), so every task stop and validate() closing it would break its other users.
 */
class CredentialsOwnershipTest {
  @BeforeEach
  void resetCounts() {
    SharedCredentialsProvider.CLOSES.set(0);
    OwnCredentialsProvider.CLOSES.set(0);
  }

  private static AwsSettings withProvider(Class<?> type) {
    return AwsSettings.builder().credentialsProviderClass(type).build();
  }

  @Test
  void aSharedProviderFromCreateIsNeverClosed() {
    for (int taskStop = 0; taskStop < 3; taskStop++) {
      new EcrClientFactory(withProvider(SharedCredentialsProvider.class), ApiCallListener.NONE)
          .close();
    }
    assertThat(CredentialsProviders.problemCreating(SharedCredentialsProvider.class)).isNull();

    assertThat(SharedCredentialsProvider.CLOSES).hasValue(0);
  }

  @Test
  void aProviderMadeWithItsConstructorIsClosedOnce() {
    new EcrClientFactory(withProvider(OwnCredentialsProvider.class), ApiCallListener.NONE).close();

    assertThat(OwnCredentialsProvider.CLOSES).hasValue(1);
  }

  @Test
  @SuppressWarnings("deprecation") // create(), the shared singleton, is what users name
  void theSdkDefaultChainNamedAsClassIsANewInstanceNotTheSingleton() {
    CredentialsProviders.Base base =
        CredentialsProviders.instantiate(DefaultCredentialsProvider.class);
    try {
      assertThat(base.provider())
          .isInstanceOf(DefaultCredentialsProvider.class)
          .isNotSameAs(DefaultCredentialsProvider.create());
      assertThat(base.owned()).isTrue();
    } finally {
      base.closeIfOwned();
    }
  }

  @Test
  void builtProvidersAreOwnedAndCreateResultsAreNot() {
    assertThat(CredentialsProviders.instantiate(ProfileCredentialsProvider.class).owned()).isTrue();
    assertThat(CredentialsProviders.instantiate(OwnCredentialsProvider.class).owned()).isTrue();
    assertThat(CredentialsProviders.instantiate(SharedCredentialsProvider.class).owned()).isFalse();
  }
}
