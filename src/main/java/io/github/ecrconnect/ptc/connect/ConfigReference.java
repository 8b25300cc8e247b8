package io.github.ecrconnect.ptc.connect;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;

/** Renders a ConfigDef as the Markdown reference page, grouped as the ConfigDef groups keys. */
final class ConfigReference {
  private ConfigReference() {}

  static String markdown(ConfigDef def) {
    StringBuilder page = new StringBuilder();
    page.append("# Configuration reference\n\n")
        .append("Generated from the connector's ConfigDef (`EcrSourceConfig.main` prints it).\n")
        .append(
            "`ConfigReferenceTest` fails when this page and the code disagree; regenerate with\n")
        .append("`mvn test -Dtest=ConfigReferenceTest -Dconfig.reference.update=true`.\n");
    for (String group : def.groups()) {
      page.append("\n## ").append(group).append("\n\n");
      page.append("| Key | Type | Default | Valid values | Importance | Description |\n");
      page.append("| --- | --- | --- | --- | --- | --- |\n");
      List<ConfigDef.ConfigKey> keys =
          def.configKeys().values().stream()
              .filter(key -> group.equals(key.group))
              .sorted((a, b) -> Integer.compare(a.orderInGroup, b.orderInGroup))
              .collect(java.util.stream.Collectors.toList());
      for (ConfigDef.ConfigKey key : keys) {
        page.append("| `")
            .append(key.name)
            .append("` | ")
            .append(key.type.name().toLowerCase(java.util.Locale.ROOT))
            .append(" | ")
            .append(defaultOf(key))
            .append(" | ")
            .append(key.validator == null ? "" : cell(key.validator.toString()))
            .append(" | ")
            .append(key.importance.name().toLowerCase(java.util.Locale.ROOT))
            .append(" | ")
            .append(cell(key.documentation))
            .append(" |\n");
      }
    }
    return page.toString();
  }

  private static String defaultOf(ConfigDef.ConfigKey key) {
    if (!key.hasDefault()) {
      return "(required)";
    }
    if (key.defaultValue == null) {
      return "null";
    }
    String text = ConfigDef.convertToString(key.defaultValue, key.type);
    return text.isEmpty() ? "\"\"" : "`" + text + "`";
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
