package io.github.ecrconnect.ptc.packaging;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ecrconnect.ptc.connect.EcrPullThroughCacheSourceConnector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One example configuration file, classified by its content so that a new example is checked
 * without anyone adding it to a list: a connector config names {@code connector.class} (a
 * .properties file, or a REST body {@code {"name":..., "config":{...}}}): this connector's class
 * makes it a CONNECTOR example, another's (the Iceberg sink that reads our topic) a SINK example; a
 * worker config names {@code bootstrap.servers}. Other files (data, scripts) are not examples.
 */
public final class ExampleConfig {
  public enum Kind {
    CONNECTOR,
    SINK,
    WORKER,
    OTHER
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Kind kind;
  private final String name;
  private final Map<String, String> props;

  private ExampleConfig(Path file, Kind kind, String name, Map<String, String> props) {
    this.file = file;
    this.kind = kind;
    this.name = name;
    this.props = props;
  }

  /** Every example in the given project directories (e.g. config, docker). */
  public static List<ExampleConfig> in(String... directories) {
    return Stream.of(directories)
        .map(ProjectFiles::path)
        .filter(Files::isDirectory)
        .flatMap(ExampleConfig::files)
        .map(ExampleConfig::load)
        .collect(Collectors.toList());
  }

  public static List<ExampleConfig> connectors() {
    return of(Kind.CONNECTOR, "config");
  }

  /** Configs of other connectors that read this connector's topic (config/iceberg-sink.*). */
  public static List<ExampleConfig> sinks() {
    return of(Kind.SINK, "config");
  }

  public static List<ExampleConfig> workers() {
    return of(Kind.WORKER, "config", "docker");
  }

  private static List<ExampleConfig> of(Kind kind, String... directories) {
    return in(directories).stream().filter(e -> e.kind == kind).collect(Collectors.toList());
  }

  private static Stream<Path> files(Path directory) {
    try (Stream<Path> listing = Files.list(directory)) {
      return listing.filter(Files::isRegularFile).sorted().collect(Collectors.toList()).stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ExampleConfig load(Path file) {
    String fileName = file.getFileName().toString();
    if (fileName.endsWith(".properties")) {
      Map<String, String> props = ProjectFiles.properties(file);
      Kind kind =
          props.containsKey("connector.class")
              ? connectorKind(props)
              : props.containsKey("bootstrap.servers") ? Kind.WORKER : Kind.OTHER;
      return new ExampleConfig(file, kind, props.get("name"), props);
    }
    if (fileName.endsWith(".json")) {
      return loadJson(file);
    }
    return new ExampleConfig(file, Kind.OTHER, null, Map.of());
  }

  private static ExampleConfig loadJson(Path file) {
    try {
      JsonNode root = JSON.readTree(file.toFile());
      JsonNode config = root.path("config");
      if (!config.isObject() || !config.has("connector.class")) {
        return new ExampleConfig(file, Kind.OTHER, null, Map.of());
      }
      Map<String, String> props =
          new TreeMap<>(JSON.convertValue(config, new TypeReference<Map<String, String>>() {}));
      return new ExampleConfig(file, connectorKind(props), root.path("name").asText(null), props);
    } catch (IOException e) {
      throw new UncheckedIOException("not valid JSON: " + file, e);
    }
  }

  private static Kind connectorKind(Map<String, String> props) {
    String connectorClass = props.get("connector.class");
    return EcrPullThroughCacheSourceConnector.class.getName().equals(connectorClass)
        ? Kind.CONNECTOR
        : Kind.SINK;
  }

  public Path file() {
    return file;
  }

  public Kind kind() {
    return kind;
  }

  /** The connector name ({@code name} key, or the REST body's name). */
  public String name() {
    return name;
  }

  public Map<String, String> props() {
    return props;
  }

  public boolean isProperties() {
    return file.getFileName().toString().endsWith(".properties");
  }

  @Override
  public String toString() {
    return ProjectFiles.root().relativize(file).toString();
  }
}
