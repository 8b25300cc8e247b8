package io.github.ecrconnect.ptc.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.cli.ConnectStandalone;

/**
 * A standalone Connect worker in this JVM, started by Kafka's own CLI class, against any broker
 * (here: one in a container). The connector is found on the test classpath by service loading.
 * Connectors are created over the worker's REST API: {@code Connect} has no {@code herder()} in
 * Kafka 3.7 and is generic from 3.8 on, so this class names neither.
 *
 * <p>Why not {@link ConnectTestCluster}, the tests' one launcher: Kafka's EmbeddedConnectCluster
 * always starts brokers of its own and runs distributed workers; it can neither join a broker it
 * did not start (the container's) nor run the standalone mode the shipped standalone example is
 * written for (file offsets, {@code ConnectStandalone}). {@link ContainerKafkaIT} needs both.
 */
final class StandaloneWorker implements AutoCloseable {
  private static final Duration REST_TIMEOUT = Duration.ofSeconds(60);

  private final URI restUrl;
  private final Runnable stop;

  private StandaloneWorker(URI restUrl, Runnable stop) {
    this.restUrl = restUrl;
    this.stop = stop;
  }

  static StandaloneWorker start(String bootstrapServers, Path offsetsFile) {
    return start(bootstrapServers, offsetsFile, null);
  }

  /**
   * As {@link #start(String, Path)}, with {@code pluginPath} as the worker's plugin.path (null for
   * none). Connect prefers a plugin found there over the same class on the test classpath (an
   * isolated plugin sorts after a classpath one of the same version), so the connector then runs
   * from the plugin directory with its own dependencies.
   */
  static StandaloneWorker start(String bootstrapServers, Path offsetsFile, Path pluginPath) {
    // The CLI calls Exit.exit on a failed start; make that a test failure, not a dead test JVM.
    Exit.setExitProcedure(
        (code, message) -> {
          throw new IllegalStateException("Connect worker exited with " + code + ": " + message);
        });
    Map<String, String> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrapServers);
    props.put("offset.storage.file.filename", offsetsFile.toString());
    props.put("offset.flush.interval.ms", "500");
    props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    props.put("key.converter.schemas.enable", "true");
    props.put("value.converter.schemas.enable", "true");
    props.put("listeners", "http://127.0.0.1:0");
    props.put("plugin.discovery", "service_load");
    if (pluginPath != null) {
      props.put("plugin.path", pluginPath.toString());
    }
    var connect = new ConnectStandalone().startConnect(props);
    return new StandaloneWorker(connect.rest().advertisedUrl(), connect::stop);
  }

  /** Creates the connector ({@code PUT /connectors/<name>/config}) and checks it was accepted. */
  void createConnector(String name, Map<String, String> config) throws Exception {
    HttpRequest put =
        HttpRequest.newBuilder(restUrl.resolve("/connectors/" + name + "/config"))
            .timeout(REST_TIMEOUT)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(new ObjectMapper().writeValueAsString(config)))
            .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(put, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201 && response.statusCode() != 200) {
      throw new IllegalStateException(
          "creating connector " + name + ": HTTP " + response.statusCode() + " " + response.body());
    }
  }

  @Override
  public void close() {
    try {
      stop.run();
    } finally {
      Exit.resetExitProcedure();
    }
  }
}
