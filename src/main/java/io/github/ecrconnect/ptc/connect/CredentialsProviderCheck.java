package io.github.ecrconnect.ptc.connect;

import io.github.ecrconnect.ptc.aws.CredentialsProviders;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;

/**
 * The {@code validate()} part of {@link EcrSourceConfig#CREDENTIALS_PROVIDER_CLASS}: the class is
 * created once, the way the task will create it, so a class the task cannot make (abstract, no
 * usable constructor, builder or create(), or one that throws) is reported before a task fails on
 * it. Only here, not in the key's validator, which also runs at every task start.
 */
final class CredentialsProviderCheck {
  private CredentialsProviderCheck() {}

  static void apply(Map<String, ConfigValue> values) {
    ConfigValue key = values.get(EcrSourceConfig.CREDENTIALS_PROVIDER_CLASS);
    if (key == null || !(key.value() instanceof Class) || !key.errorMessages().isEmpty()) {
      return;
    }
    String problem = CredentialsProviders.problemCreating((Class<?>) key.value());
    if (problem != null) {
      key.addErrorMessage(EcrSourceConfig.CREDENTIALS_PROVIDER_CLASS + ": " + problem);
    }
  }
}
