package io.github.ecrconnect.ptc.it;

import io.github.ecrconnect.ptc.packaging.ProjectFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Apache Iceberg sink as config/iceberg-sink.properties ships it, pointed at this run's
 * warehouse, broker and topic (nothing else is changed), and the plugin directory that the build
 * assembles for it (src/it/iceberg-sink/pom.xml).
 */
final class IcebergSink {
  static final String EXAMPLE = "config/iceberg-sink.properties";
  static final String CONNECTOR_CLASS = "org.apache.iceberg.connect.IcebergSinkConnector";

  /** The sink's default catalog name; a reader must open the catalog under the same name. */
  static final String CATALOG_NAME = LakeTable.SINK_CATALOG_NAME;

  private IcebergSink() {}

  /**
   * The directory with the sink's jars. Failsafe passes it as {@code iceberg.sink.plugin.dir}; from
   * an IDE it is the build's default. Its parent is what goes on the worker's plugin.path: it holds
   * the sink's directory alone, so no other folder of target/ becomes a plugin.
   */
  static Path pluginDir() {
    String configured = System.getProperty("iceberg.sink.plugin.dir");
    Path dir =
        configured == null || configured.isBlank()
            ? ProjectFiles.path("target/lake-plugins/iceberg-sink")
            : Paths.get(configured);
    if (!hasSinkJar(dir)) {
      throw new IllegalStateException(
          dir + " holds no Iceberg sink: run mvn verify (or pre-integration-test) first");
    }
    return dir;
  }

  private static boolean hasSinkJar(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(
          f -> f.getFileName().toString().matches("iceberg-kafka-connect-\\d.*\\.jar"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The example config with this run's topic, warehouse, broker and commit pace. */
  static Map<String, String> config(
      String topic, String controlTopic, Path warehouse, String bootstrap) {
    Map<String, String> props = new HashMap<>(ProjectFiles.properties(ProjectFiles.path(EXAMPLE)));
    props.put("topics", topic);
    props.put("iceberg.control.topic", controlTopic);
    props.put("iceberg.catalog.warehouse", warehouse.toUri().toString());
    props.put("iceberg.kafka.bootstrap.servers", bootstrap);
    props.put("iceberg.control.commit.interval-ms", "1000");
    return props;
  }

  static String table(Map<String, String> config) {
    return config.get("iceberg.tables");
  }
}
