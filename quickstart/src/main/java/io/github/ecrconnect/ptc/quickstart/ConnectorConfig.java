package io.github.ecrconnect.ptc.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A connector config file in the form the Connect REST API takes with POST /connectors: {@code
 * {"name": ..., "config": {...}}}. Values may be JSON strings, numbers or booleans.
 */
record ConnectorConfig(String name, Map<String, String> config) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static ConnectorConfig read(Path file) throws QuickStartException {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new QuickStartException(
          "cannot read the connector config " + file + ": " + e.getMessage());
    }
    String name = root == null ? "" : root.path("name").asText("");
    JsonNode config = root == null ? null : root.get("config");
    if (name.isBlank() || config == null || !config.isObject()) {
      throw new QuickStartException(
          "the connector config " + file + " must be {\"name\": \"...\", \"config\": {...}}");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : config.properties()) {
      if (!entry.getValue().isValueNode()) {
        throw new QuickStartException(
            file + ": the value of " + entry.getKey() + " must be a string, number or boolean");
      }
      values.put(entry.getKey(), entry.getValue().asText());
    }
    return new ConnectorConfig(name, values);
  }
}
