package io.github.ecrconnect.ptc.quickstart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * What {@code ./run --lake DIR} adds: Apache Iceberg's sink, from the plugin directory that
 * src/it/iceberg-sink/pom.xml assembles into {@link #SINK_PLUGIN_DIR}, configured as {@link
 * #EXAMPLE} with this run's topic, broker and warehouse, and its control topic.
 */
final class LakeSetup {
  static final Path SINK_PLUGIN_DIR = Path.of("quickstart/target/lake-plugins/iceberg-sink");
  static final Path EXAMPLE = Path.of("config/iceberg-sink.json");

  /** How often the sink commits: rows become visible at each commit. */
  static final String COMMIT_INTERVAL_MS = "2000";

  private LakeSetup() {}

  /**
   * The directory to add to the worker's plugin.path: it holds the sink's directory alone, so no
   * other folder of quickstart/target/ becomes a plugin.
   */
  static Path pluginPathEntry(Path projectDir) throws QuickStartException {
    Path sink = projectDir.resolve(SINK_PLUGIN_DIR);
    if (!Files.isDirectory(sink)) {
      throw new QuickStartException(
          SINK_PLUGIN_DIR + " is missing; run ./run --lake without --no-build to assemble it");
    }
    return sink.getParent();
  }

  /**
   * The worker's converters write keys and values with their schemas: the sink creates the table's
   * columns from the value's schema.
   */
  static Map<String, String> workerProperties() {
    return Map.of("key.converter.schemas.enable", "true", "value.converter.schemas.enable", "true");
  }

  /** The example sink config with this run's topic, warehouse, broker and commit interval. */
  static ConnectorConfig sinkConfig(
      Path projectDir, String topic, Path warehouse, String bootstrapServers)
      throws QuickStartException {
    ConnectorConfig example = ConnectorConfig.read(projectDir.resolve(EXAMPLE));
    Map<String, String> config = new LinkedHashMap<>(example.config());
    config.put("topics", topic);
    config.put("iceberg.catalog.warehouse", warehouse.toUri().toString());
    config.put("iceberg.kafka.bootstrap.servers", bootstrapServers);
    config.put("iceberg.control.commit.interval-ms", COMMIT_INTERVAL_MS);
    return new ConnectorConfig(example.name(), config);
  }

  static String table(ConnectorConfig sink) {
    return sink.config().get("iceberg.tables");
  }

  /** The sink coordinates its commits through this topic; it does not create it. */
  static void createControlTopic(String bootstrapServers, ConnectorConfig sink)
      throws QuickStartException, InterruptedException {
    String topic = sink.config().get("iceberg.control.topic");
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(props)) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new QuickStartException(
            "cannot create the sink's control topic " + topic + ": " + e.getCause());
      }
    }
  }
}
