package io.github.ecrconnect.ptc.connect;

import io.github.ecrconnect.ptc.aws.AwsSettings;
import io.github.ecrconnect.ptc.aws.EcrRuleSource;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RuleListingException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live part of {@code validate()}: one small DescribePullThroughCacheRules call with the
 * configured credentials. A definite refusal by AWS becomes a validation error on the key to fix;
 * not reaching AWS (no network, no credentials on this worker yet) only logs a warning.
 */
final class CredentialsCheck {
  private static final Logger log = LoggerFactory.getLogger(CredentialsCheck.class);
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

  private CredentialsCheck() {}

  static void apply(EcrSourceConfig config, Map<String, ConfigValue> values) {
    List<Registry> registries = config.registries();
    if (registries.isEmpty()) {
      return;
    }
    AwsSettings settings =
        config.awsSettings().toBuilder()
            .maxResults(1)
            .maxAttempts(1)
            .apiCallTimeout(CHECK_TIMEOUT)
            .apiCallAttemptTimeout(CHECK_TIMEOUT)
            .build();
    Registry registry = registries.get(0);
    try (EcrRuleSource source = new EcrRuleSource(settings)) {
      source.listFirstPage(registry);
    } catch (RuleListingException e) {
      if (e.isRetriable() || e.reason() == RuleListingException.Reason.NO_CREDENTIALS) {
        log.warn("Skipped the live credentials check: {}", e.getMessage());
      } else {
        values.get(keyToBlame(config)).addErrorMessage(e.getMessage());
      }
    } catch (RuntimeException e) {
      log.warn("Skipped the live credentials check: {}", e.toString());
    }
  }

  private static String keyToBlame(EcrSourceConfig config) {
    AwsSettings settings = config.awsSettings();
    if (settings.roleArnTemplate() != null) {
      return EcrSourceConfig.ROLE_ARN;
    }
    if (settings.hasStaticKeys()) {
      return EcrSourceConfig.ACCESS_KEY_ID;
    }
    if (settings.credentialsProviderClass() != null) {
      return EcrSourceConfig.CREDENTIALS_PROVIDER_CLASS;
    }
    return EcrSourceConfig.REGISTRY_IDS;
  }
}
