package io.github.ecrconnect.ptc.connect;

import io.github.ecrconnect.ptc.core.RegistryScope;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The scope keys' validators: a list of names, or the one keyword that asks for discovery ({@code
 * aws.regions=all}, {@code aws.ecr.registry.ids=organization}), which stands alone.
 */
final class ScopeValidators {
  private ScopeValidators() {}

  static ConfigDef.Validator regionsOrAll() {
    return listOrKeyword(ConfigValidators.regions(), RegistryScope.ALL_REGIONS, "regions");
  }

  static ConfigDef.Validator accountIdsOrOrganization() {
    return listOrKeyword(ConfigValidators.accountIds(), RegistryScope.ORGANIZATION, "account ids");
  }

  private static ConfigDef.Validator listOrKeyword(
      ConfigDef.Validator names, String keyword, String what) {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        List<?> items = value == null ? List.of() : (List<?>) value;
        if (items.contains(keyword)) {
          if (items.size() > 1) {
            throw new ConfigException(
                name,
                value,
                "'" + keyword + "' stands alone: give either " + keyword + " or " + what);
          }
          return;
        }
        names.ensureValid(name, value);
      }

      @Override
      public String toString() {
        return names + ", or " + keyword;
      }
    };
  }
}
