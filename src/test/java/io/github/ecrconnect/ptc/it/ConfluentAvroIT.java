package io.github.ecrconnect.ptc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ecrconnect.ptc.containers.ContainerImages;
import io.github.ecrconnect.ptc.containers.HostNetwork;
import io.github.ecrconnect.ptc.packaging.PluginArchive;
import io.github.ecrconnect.ptc.packaging.ProjectFiles;
import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import io.github.ecrconnect.ptc.testkit.FakeRule;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.MountableFile;

/**
 * The built plugin archive inside Confluent's own Connect image, writing Avro through Confluent's
 * AvroConverter to Schema Registry: the value (and key) schemas that get registered must agree with
 * the .avsc files shipped under src/main/avro.
 *
 * <p>The Connect container uses the host's network: the connector accepts plain http only to
 * loopback (requests are signed), and the local ECR endpoint of the test listens on the host's
 * 127.0.0.1. That needs a Linux Docker engine on this machine; elsewhere, without Docker, or before
 * the .avsc files exist, or when an image is neither present nor pullable within seconds, the test
 * is reported as skipped with the reason.
 */
class ConfluentAvroIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final String REGION = "us-east-1";
  private static final String ACCOUNT = FakeEcrServer.DEFAULT_ACCOUNT;
  private static final Path AVSC_DIRECTORY = ProjectFiles.path("src/main/avro");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path unpacked;

  @Test
  void registeredSchemasAreTheShippedAvsc() throws Exception {
    AvscContract contract = AvscContract.load(AVSC_DIRECTORY);
    assumeFalse(contract.isEmpty(), "no .avsc files under " + AVSC_DIRECTORY + " yet");
    ContainerImages.assumeAvailable(
        ContainerImages.kafka(),
        ContainerImages.confluentSchemaRegistry(),
        ContainerImages.confluentConnect());
    HostNetwork.assumeSharedLoopback();

    PluginArchive archive = PluginArchive.unpack(unpacked);
    int restPort = freePort();

    try (FakeEcrServer ecr = FakeEcrServer.start();
        Network network = Network.newNetwork();
        KafkaContainer kafka =
            new KafkaContainer(ContainerImages.kafka())
                .withNetwork(network)
                .withListener("kafka:19092");
        GenericContainer<?> registry =
            new GenericContainer<>(ContainerImages.confluentSchemaRegistry())
                .withNetwork(network)
                .withExposedPorts(8081)
                .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
                .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
                .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
                .dependsOn(kafka)
                .waitingFor(
                    Wait.forHttp("/subjects").forStatusCode(200).withStartupTimeout(TIMEOUT))) {
      kafka.start();
      registry.start();
      String registryUrl = "http://localhost:" + registry.getMappedPort(8081);

      try (GenericContainer<?> connect =
          new GenericContainer<>(ContainerImages.confluentConnect())
              .withNetworkMode("host")
              .withCopyFileToContainer(
                  MountableFile.forHostPath(archive.top()),
                  "/usr/share/confluent-hub-components/" + archive.top().getFileName())
              .withEnv(connectWorkerEnv(kafka.getBootstrapServers(), registryUrl, restPort))
              .waitingFor(
                  Wait.forLogMessage(".*Kafka Connect started.*", 1).withStartupTimeout(TIMEOUT))) {
        connect.start();
        ecr.put(REGION, ACCOUNT, FakeRule.of("docker-hub", "registry-1.docker.io", "docker-hub"));

        Map<String, String> config =
            new HashMap<>(
                ProjectFiles.properties(
                    ProjectFiles.path("config/ecr-pull-through-cache-source.properties")));
        config.put("aws.ecr.endpoint", ecr.endpoint().toString());
        config.put("aws.ecr.registry.ids", ACCOUNT);
        config.put("aws.access.key.id", "AKIDCONFLUENTTEST");
        config.put("aws.secret.access.key", "not-a-secret");
        config.put("topic.creation.default.replication.factor", "1");
        String connectUrl = "http://127.0.0.1:" + restPort;
        HttpResponse<String> created =
            send(
                HttpRequest.newBuilder(
                        URI.create(connectUrl + "/connectors/" + config.get("name") + "/config"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config)))
                    .build());
        assertThat(created.statusCode()).as(created.body()).isIn(200, 201);

        String topic = config.get("topic");
        awaitFirstRecord(kafka.getBootstrapServers(), topic);
        Schema value = registered(registryUrl, topic + "-value");
        Schema shippedValue =
            contract
                .schema(value.getFullName())
                .orElseThrow(() -> new AssertionError("no .avsc defines " + value.getFullName()));
        assertThat(AvscContract.differences(shippedValue, value)).isEmpty();

        Schema key = registered(registryUrl, topic + "-key");
        contract
            .schema(key.getFullName())
            .ifPresent(
                shippedKey -> assertThat(AvscContract.differences(shippedKey, key)).isEmpty());
      }
    }
  }

  private static Map<String, String> connectWorkerEnv(
      String bootstrap, String registryUrl, int restPort) {
    Map<String, String> env = new HashMap<>();
    env.put("CONNECT_BOOTSTRAP_SERVERS", bootstrap);
    env.put("CONNECT_GROUP_ID", "confluent-avro-it");
    env.put("CONNECT_CONFIG_STORAGE_TOPIC", "it-configs");
    env.put("CONNECT_OFFSET_STORAGE_TOPIC", "it-offsets");
    env.put("CONNECT_STATUS_STORAGE_TOPIC", "it-statuses");
    env.put("CONNECT_CONFIG_STORAGE_REPLICATION_FACTOR", "1");
    env.put("CONNECT_OFFSET_STORAGE_REPLICATION_FACTOR", "1");
    env.put("CONNECT_STATUS_STORAGE_REPLICATION_FACTOR", "1");
    env.put("CONNECT_KEY_CONVERTER", "io.confluent.connect.avro.AvroConverter");
    env.put("CONNECT_KEY_CONVERTER_SCHEMA_REGISTRY_URL", registryUrl);
    env.put("CONNECT_VALUE_CONVERTER", "io.confluent.connect.avro.AvroConverter");
    env.put("CONNECT_VALUE_CONVERTER_SCHEMA_REGISTRY_URL", registryUrl);
    env.put("CONNECT_REST_PORT", String.valueOf(restPort));
    env.put("CONNECT_LISTENERS", "http://127.0.0.1:" + restPort);
    env.put("CONNECT_REST_ADVERTISED_HOST_NAME", "127.0.0.1");
    env.put("CONNECT_PLUGIN_PATH", "/usr/share/java,/usr/share/confluent-hub-components");
    env.put("CONNECT_OFFSET_FLUSH_INTERVAL_MS", "1000");
    return env;
  }

  /**
   * Waits (with a deadline) for the first record on the topic. The AvroConverter registers the
   * schemas before the record is produced, so once a record is there, the subjects are too.
   */
  private static void awaitFirstRecord(String bootstrap, String topic) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "confluent-avro-it-reader");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (consumer.poll(Duration.ofSeconds(1)).isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no record on " + topic + " within " + TIMEOUT);
        }
      }
    }
  }

  private static Schema registered(String registryUrl, String subject) throws Exception {
    URI uri = URI.create(registryUrl + "/subjects/" + subject + "/versions/latest");
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri).GET().build());
    assertThat(response.statusCode()).as("%s: %s", subject, response.body()).isEqualTo(200);
    return new Schema.Parser().parse(JSON.readTree(response.body()).path("schema").asText());
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
