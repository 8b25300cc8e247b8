package io.github.ecrconnect.ptc.connect;

import io.github.ecrconnect.ptc.aws.AwsSettings;
import io.github.ecrconnect.ptc.aws.EcrClientFactory;
import io.github.ecrconnect.ptc.aws.EcrRuleSource;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RuleListingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live part of {@code validate()}: one small DescribePullThroughCacheRules call with the
 * configured credentials, per distinct set of credentials. A definite refusal by AWS becomes a
 * validation error on the key to fix; not reaching AWS (no network, no credentials on this worker
 * yet) only logs a warning.
 *
 * <p>With a role per account ({@code {registryId}} in the role ARN) each account has its own role,
 * so each account is checked once (in its first region), up to {@link #MAX_ACCOUNTS} of them and
 * within {@link #TIME_BUDGET}, so that validate() stays well inside the REST call's timeout; the
 * accounts left unchecked are logged.
 */
final class CredentialsCheck {
  private static final Logger log = LoggerFactory.getLogger(CredentialsCheck.class);
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);
  static final int MAX_ACCOUNTS = 10;
  static final Duration TIME_BUDGET = Duration.ofSeconds(20);

  private CredentialsCheck() {}

  static void apply(EcrSourceConfig config, Map<String, ConfigValue> values) {
    List<Registry> toCheck = registriesToCheck(config);
    if (toCheck.isEmpty()) {
      return;
    }
    AwsSettings settings =
        config.awsSettings().toBuilder()
            .maxResults(1)
            .maxAttempts(1)
            .apiCallTimeout(CHECK_TIMEOUT)
            .apiCallAttemptTimeout(CHECK_TIMEOUT)
            .build();
    boolean perAccount = isRolePerAccount(settings);
    long deadline = System.nanoTime() + TIME_BUDGET.toNanos();
    try (EcrRuleSource source = new EcrRuleSource(settings)) {
      for (int i = 0; i < toCheck.size(); i++) {
        Registry registry = toCheck.get(i);
        if (i > 0 && System.nanoTime() > deadline) {
          logUnchecked(toCheck.subList(i, toCheck.size()), "the check's time budget was used");
          return;
        }
        if (!checkOne(source, registry, perAccount, config, values)) {
          return;
        }
      }
    } catch (RuntimeException e) {
      log.warn("Skipped the live credentials check: {}", e.toString());
    }
  }

  /**
   * Lists one page of {@code registry}; true if the next account is worth checking (this one
   * passed), false once AWS refused (reported) or could not be reached (logged).
   */
  private static boolean checkOne(
      EcrRuleSource source,
      Registry registry,
      boolean perAccount,
      EcrSourceConfig config,
      Map<String, ConfigValue> values) {
    try {
      source.listFirstPage(registry);
      return true;
    } catch (RuleListingException e) {
      if (e.isRetriable() || e.reason() == RuleListingException.Reason.NO_CREDENTIALS) {
        log.warn("Skipped the live credentials check: {}", e.getMessage());
      } else {
        String account =
            perAccount ? "The role of account " + registry.registryIdOrNull() + " failed: " : "";
        values.get(keyToBlame(config)).addErrorMessage(account + e.getMessage());
      }
      return false;
    }
  }

  /**
   * One registry per distinct set of credentials: the first registry, or with a role per account
   * the first registry of each account, at most {@link #MAX_ACCOUNTS}.
   */
  static List<Registry> registriesToCheck(EcrSourceConfig config) {
    List<Registry> registries = config.registries();
    if (registries.isEmpty()) {
      return List.of();
    }
    if (!isRolePerAccount(config.awsSettings())) {
      return List.of(registries.get(0));
    }
    Map<String, Registry> firstPerAccount = new LinkedHashMap<>();
    registries.forEach(r -> firstPerAccount.putIfAbsent(r.partitionRegistryId(), r));
    List<Registry> all = new ArrayList<>(firstPerAccount.values());
    if (all.size() <= MAX_ACCOUNTS) {
      return all;
    }
    logUnchecked(all.subList(MAX_ACCOUNTS, all.size()), "at most " + MAX_ACCOUNTS + " are checked");
    return all.subList(0, MAX_ACCOUNTS);
  }

  private static boolean isRolePerAccount(AwsSettings settings) {
    return settings.roleArnTemplate() != null
        && settings.roleArnTemplate().contains(EcrClientFactory.REGISTRY_ID_PLACEHOLDER);
  }

  private static void logUnchecked(List<Registry> unchecked, String why) {
    log.warn(
        "The live credentials check did not try the roles of {} more account(s) ({}): {}",
        unchecked.size(),
        why,
        unchecked.stream().map(Registry::partitionRegistryId).collect(Collectors.joining(",")));
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
