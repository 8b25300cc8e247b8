package io.github.ecrconnect.ptc.connect;

import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.*;

import io.github.ecrconnect.ptc.aws.AwsScopeSources;
import io.github.ecrconnect.ptc.aws.AwsSettings;
import io.github.ecrconnect.ptc.core.DiscoveryException;
import io.github.ecrconnect.ptc.core.RegistryScope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code validate()} for discovery: the include and exclude lists need {@code
 * aws.ecr.registry.ids=organization}; and, when every key is valid, one quick call of each
 * discovery API with the configured credentials. A refusal by AWS becomes an error on the key it
 * concerns; not reaching AWS only logs a warning.
 */
final class DiscoveryChecks {
  private static final Logger log = LoggerFactory.getLogger(DiscoveryChecks.class);
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

  private DiscoveryChecks() {}

  static void apply(Map<String, ConfigValue> values) {
    if (isKeyword(values, REGISTRY_IDS, RegistryScope.ORGANIZATION) && !rolePerAccount(values)) {
      // Only an account's own principals may list its rules: each account needs its role.
      values
          .get(REGISTRY_IDS)
          .addErrorMessage(
              "aws.ecr.registry.ids=organization reads every member account, which only that"
                  + " account's own principals may do: set aws.sts.role.arn to a role in each"
                  + " account, e.g. arn:aws:iam::{registryId}:role/ecr-pull-through-cache-reader");
    }
    if (!isKeyword(values, REGISTRY_IDS, RegistryScope.ORGANIZATION)) {
      for (String key : List.of(ORGANIZATION_ACCOUNTS_INCLUDE, ORGANIZATION_ACCOUNTS_EXCLUDE)) {
        ConfigValue value = values.get(key);
        if (value != null
            && value.value() instanceof List
            && !((List<?>) value.value()).isEmpty()) {
          value.addErrorMessage(key + " is only used with aws.ecr.registry.ids=organization");
        }
      }
    }
  }

  /** Whether the config asks for accounts or regions to be discovered. */
  static boolean discovers(Map<String, ConfigValue> values) {
    return isKeyword(values, REGISTRY_IDS, RegistryScope.ORGANIZATION)
        || isKeyword(values, REGIONS, RegistryScope.ALL_REGIONS);
  }

  /** One page of ListAccounts, and ListRegions of one account, with one attempt each. */
  static void live(EcrSourceConfig config, Map<String, ConfigValue> values) {
    AwsSettings settings =
        config.awsSettings().toBuilder()
            .maxAttempts(1)
            .apiCallTimeout(CHECK_TIMEOUT)
            .apiCallAttemptTimeout(CHECK_TIMEOUT)
            .build();
    RegistryScope scope = config.registryScope();
    try (AwsScopeSources sources = new AwsScopeSources(settings, config.homeRegion())) {
      List<String> accounts = scope.accounts(List.of());
      if (scope.discoversAccounts()) {
        accounts = check(sources::firstAccounts, values.get(REGISTRY_IDS));
      }
      if (scope.discoversRegions() && accounts != null) {
        // Through the role of the first account, as discovery will read it.
        String account = accounts.isEmpty() ? null : accounts.get(0);
        check(() -> sources.enabledRegions(account), values.get(REGIONS));
      }
    } catch (RuntimeException e) {
      log.warn("Skipped the live discovery check: {}", e.toString());
    }
  }

  private interface Call<T> {
    T run() throws DiscoveryException;
  }

  /** The call's result, or null when it failed (reported on {@code blame} if AWS refused it). */
  private static <T> T check(Call<T> call, ConfigValue blame) {
    try {
      return call.run();
    } catch (DiscoveryException e) {
      if (e.isRetriable()) {
        log.warn("Skipped the live discovery check: {}", e.getMessage());
      } else {
        blame.addErrorMessage(blame.name() + ": " + e.getMessage());
      }
      return null;
    }
  }

  private static boolean rolePerAccount(Map<String, ConfigValue> values) {
    ConfigValue role = values.get(ROLE_ARN);
    return role != null
        && role.value() != null
        && String.valueOf(role.value()).contains("{registryId}");
  }

  private static boolean isKeyword(Map<String, ConfigValue> values, String key, String keyword) {
    ConfigValue value = values.get(key);
    return value != null && List.of(keyword).equals(value.value());
  }
}
