package io.github.ecrconnect.ptc.packaging;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;

/**
 * What Kafka Connect itself makes of keys that our connector's ConfigDef does not know: converter
 * settings, transforms, predicates, topic-creation groups. Each check names the offending key, so a
 * typo in an example ("transforms.unwrap.fields") fails a test instead of being silently ignored by
 * the worker.
 */
final class ConnectKeys {
  static final List<String> CONVERTER_KEYS =
      List.of("key.converter", "value.converter", "header.converter");

  /** Settings of a topic creation group besides the topic configs themselves (KIP-158). */
  private static final Set<String> TOPIC_CREATION_GROUP_KEYS =
      Set.of("replication.factor", "partitions", "include", "exclude");

  private ConnectKeys() {}

  /** The keys starting with {@code prefix}, with the prefix removed. */
  static Map<String, String> withPrefix(Map<String, String> props, String prefix) {
    Map<String, String> sub = new LinkedHashMap<>();
    props.forEach(
        (key, value) -> {
          if (key.startsWith(prefix)) {
            sub.put(key.substring(prefix.length()), value);
          }
        });
    return sub;
  }

  static List<String> aliases(Map<String, String> props, String listKey) {
    String list = props.getOrDefault(listKey, "").trim();
    if (list.isEmpty()) {
      return List.of();
    }
    return Arrays.stream(list.split(",")).map(String::trim).collect(Collectors.toList());
  }

  /** Every name that a topic-level config can have (cleanup.policy, retention.ms, ...). */
  static Set<String> topicConfigNames() {
    Set<String> names = new TreeSet<>();
    for (Field field : TopicConfig.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers())
          && field.getType() == String.class
          && field.getName().endsWith("_CONFIG")) {
        try {
          names.add((String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return names;
  }

  /** Problems with the keys of topic creation groups; empty if none. */
  static List<String> topicCreationProblems(Map<String, String> props) {
    List<String> problems = new ArrayList<>();
    Set<String> groups = new TreeSet<>(aliases(props, "topic.creation.groups"));
    groups.add("default");
    Set<String> topicConfigs = topicConfigNames();
    Map<String, String> creation = withPrefix(props, "topic.creation.");
    creation.remove("groups");
    if (creation.isEmpty()) {
      return problems;
    }
    for (String key : creation.keySet()) {
      String group = groups.stream().filter(g -> key.startsWith(g + ".")).findFirst().orElse(null);
      if (group == null) {
        problems.add("topic.creation." + key + ": no such topic creation group");
        continue;
      }
      String setting = key.substring(group.length() + 1);
      if (!TOPIC_CREATION_GROUP_KEYS.contains(setting) && !topicConfigs.contains(setting)) {
        problems.add("topic.creation." + key + ": '" + setting + "' is not a topic config");
      }
    }
    // Connect enables topic creation for a connector only when the default group has both.
    for (String required : List.of("replication.factor", "partitions")) {
      if (!creation.containsKey("default." + required)) {
        problems.add("topic.creation.default." + required + " is required with topic creation");
      }
    }
    return problems;
  }

  /** Problems with a plugin configured under {@code prefix} (a transform, predicate, converter). */
  static List<String> pluginConfigProblems(
      String prefix, ConfigDef pluginConfig, Map<String, String> settings) {
    List<String> problems = new ArrayList<>();
    for (String key : settings.keySet()) {
      if (!pluginConfig.names().contains(key)) {
        problems.add(prefix + key + ": not a setting of this plugin " + pluginConfig.names());
      }
    }
    for (ConfigValue value : pluginConfig.validate(settings)) {
      for (String message : value.errorMessages()) {
        problems.add(prefix + value.name() + ": " + message);
      }
    }
    return problems;
  }

  /**
   * Problems with the settings of the converter named by {@code converterKey} (e.g.
   * value.converter.schemas.enable of the JsonConverter), checked against the converter's own
   * ConfigDef. The worker adds converter.type itself, so it is added here too. Schema-registry
   * converters, whose ConfigDefs list few of their settings, are checked by {@link
   * RegistryConverters}.
   */
  static List<String> converterProblems(String converterKey, Map<String, String> props)
      throws Exception {
    String className = props.get(converterKey);
    if (RegistryConverters.isRegistryConverter(className)) {
      return RegistryConverters.problems(
          converterKey, className, withPrefix(props, converterKey + "."));
    }
    Object converter = Class.forName(className).getDeclaredConstructor().newInstance();
    ConfigDef config =
        converter instanceof HeaderConverter
            ? ((HeaderConverter) converter).config()
            : ((Converter) converter).config();
    Map<String, String> settings = withPrefix(props, converterKey + ".");
    Map<String, String> withType = new LinkedHashMap<>(settings);
    withType.put("converter.type", converterKey.substring(0, converterKey.indexOf('.')));
    List<String> problems = new ArrayList<>();
    for (String key : settings.keySet()) {
      if (!config.names().contains(key)) {
        problems.add(converterKey + "." + key + ": not a setting of " + props.get(converterKey));
      }
    }
    for (ConfigValue value : config.validate(withType)) {
      value
          .errorMessages()
          .forEach(m -> problems.add(converterKey + "." + value.name() + ": " + m));
    }
    return problems;
  }
}
