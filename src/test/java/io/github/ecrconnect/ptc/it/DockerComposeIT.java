package io.github.ecrconnect.ptc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ecrconnect.ptc.containers.Command;
import io.github.ecrconnect.ptc.containers.ContainerImages;
import io.github.ecrconnect.ptc.containers.HostNetwork;
import io.github.ecrconnect.ptc.packaging.ProjectFiles;
import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import io.github.ecrconnect.ptc.testkit.FakeRule;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.utility.DockerImageName;

/**
 * The docker/ image and compose stack as a user starts them: docker/build-image.sh builds the
 * worker image from the plugin archive `mvn package` made (Apicurio's Avro converter, from Maven
 * Central), then docker-compose starts docker/docker-compose.yml's broker and worker with CI's
 * override (docker/ci/docker-compose.ci.yml: stand-in images, no Schema Registry, a JSON worker
 * config, the worker on the host's network), the stack's one-shot container registers the connector
 * against the local ECR endpoint serving config/quickstart-rules.json, and every rule of that file
 * arrives on the topic. Everything is torn down at the end. Skipped without docker-compose, a local
 * Linux Docker engine, or the images.
 */
class DockerComposeIT {
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration EVENTS_TIMEOUT = Duration.ofMinutes(2);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCOUNT = FakeEcrServer.DEFAULT_ACCOUNT;
  private static final String APICURIO_CONVERTER =
      "io.apicurio.registry.utils.converter.AvroConverter";

  @TempDir Path work;

  @Test
  void quickStartRulesArriveAsEventsThroughTheComposeStack() throws Exception {
    assumeTrue(Command.available("docker-compose", "version"), "no docker-compose on this machine");
    String kafkaImage = ContainerImages.kafka().asCanonicalNameString();
    // The one-shot registration needs sh and curl: CI's stand-in has both, apache/kafka has no
    // curl.
    boolean standIn = !kafkaImage.startsWith("apache/kafka:");
    String toolsImage = standIn ? kafkaImage : "curlimages/curl:8.11.1";
    ContainerImages.assumeAvailable(ContainerImages.kafka(), DockerImageName.parse(toolsImage));
    HostNetwork.assumeSharedLoopback();

    String project = "ecrci" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String connectImage = "ecrconnect/kafka-connect-ecr-pull-through-cache:" + project;
    int kafkaPort = freePort();
    int connectPort = freePort();
    Map<String, String> env = new HashMap<>();
    env.put("ECR_IT_KAFKA_IMAGE", kafkaImage);
    env.put("ECR_CI_TOOLS_IMAGE", toolsImage);
    env.put("ECR_CI_CONNECT_IMAGE", connectImage);
    env.put("ECR_CI_CONNECT_PORT", String.valueOf(connectPort));
    env.put("KAFKA_HOST_PORT", String.valueOf(kafkaPort));
    env.put("ECR_CI_AWS_DIR", Files.createDirectories(work.resolve("aws")).toString());
    env.put("ECR_CI_WORKER_CONFIG", writeWorkerConfig(kafkaPort, connectPort).toString());

    Map<String, String> build = new HashMap<>(env);
    build.put("AVRO_CONVERTER", "apicurio");
    build.put("BASE_IMAGE", kafkaImage);
    build.put("IMAGE", connectImage);
    Command.of(BUILD_TIMEOUT, build, List.of("docker/build-image.sh")).check();

    try (FakeEcrServer ecr = FakeEcrServer.start()) {
      List<String> prefixes = serveQuickStartRules(ecr);
      env.put("ECR_CI_CONNECTOR_CONFIG", writeConnectorConfig(ecr).toString());
      Compose compose = new Compose(project, env);
      List<String> left;
      try {
        compose.check("up", "-d", "--no-deps", "kafka");
        compose.awaitHealthy(compose.containerOf("kafka"));
        // `run`, not `up`: Compose 1.29 refuses host networking with the service's published
        // ports, and `run` publishes none.
        compose.awaitHealthy(lastLine(compose.check("run", "-d", "--no-deps", "connect")));
        String registered = compose.check("run", "--rm", "--no-deps", "-T", "register-connector");
        assertThat(registered).contains("Registered the connector");

        String topic = connectorConfig().path("config").path("topic").asText();
        try (TopicReader reader = new TopicReader("127.0.0.1:" + kafkaPort, topic, false)) {
          List<ChangeRecord> events = reader.awaitCount(prefixes.size(), EVENTS_TIMEOUT);
          assertThat(events).extracting(ChangeRecord::op).containsOnly("r");
          assertThat(events)
              .extracting(ChangeRecord::prefix)
              .containsExactlyInAnyOrderElementsOf(prefixes);
        }
        assertThat(plugins(connectPort))
            .as("the image's Avro converter")
            .contains(APICURIO_CONVERTER);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            e.getMessage() + "\n--- docker-compose logs ---\n" + compose.logs(), e);
      } finally {
        left = compose.down();
        Command.of(STEP_TIMEOUT, Map.of(), List.of("docker", "image", "rm", "-f", connectImage))
            .run();
      }
      assertThat(left).as("containers left by project %s", project).isEmpty();
    }
  }

  /** docker-compose with the stack's file, CI's override, one project name and the variables. */
  private static final class Compose {
    private final String project;
    private final Map<String, String> env;

    Compose(String project, Map<String, String> env) {
      this.project = project;
      this.env = env;
    }

    private Command command(String... args) {
      List<String> line =
          new ArrayList<>(
              List.of(
                  "docker-compose",
                  "-p",
                  project,
                  "-f",
                  "docker/docker-compose.yml",
                  "-f",
                  "docker/ci/docker-compose.ci.yml"));
      line.addAll(List.of(args));
      return Command.of(STEP_TIMEOUT, env, line);
    }

    String check(String... args) {
      return command(args).check();
    }

    String containerOf(String service) {
      return check("ps", "-q", service)
          .lines()
          .filter(line -> line.matches("[0-9a-f]{12,64}"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no container for " + service));
    }

    /** Waits (with a deadline) for the container's health check to pass. */
    void awaitHealthy(String container) throws InterruptedException {
      long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
      String status = "";
      while (!status.equals("healthy")) {
        if (System.nanoTime() > deadline || status.equals("unhealthy")) {
          throw new AssertionError(container + " is " + status + " after " + STEP_TIMEOUT);
        }
        Thread.sleep(500);
        status =
            Command.of(
                    STEP_TIMEOUT,
                    Map.of(),
                    List.of("docker", "inspect", "-f", "{{.State.Health.Status}}", container))
                .check()
                .trim();
      }
    }

    String logs() {
      return command("logs", "--no-color", "--tail", "60").run().output();
    }

    /** Removes the project's containers, networks and volumes; returns the ids of any left. */
    List<String> down() {
      command("down", "-v", "--remove-orphans", "-t", "10").run();
      return command("ps", "-q", "-a")
          .run()
          .output()
          .lines()
          .filter(line -> line.matches("[0-9a-f]{12,64}"))
          .collect(Collectors.toList());
    }
  }

  private static String lastLine(String output) {
    List<String> lines = output.strip().lines().collect(Collectors.toList());
    return lines.get(lines.size() - 1).strip();
  }

  private static JsonNode connectorConfig() throws Exception {
    return JSON.readTree(
        ProjectFiles.read(ProjectFiles.path("config/ecr-pull-through-cache-source.json")));
  }

  /** config/quickstart-rules.json into the endpoint; returns every rule's prefix. */
  private static List<String> serveQuickStartRules(FakeEcrServer ecr) throws Exception {
    // A map, not JsonNode.fields(): that is deprecated in the Jackson of Kafka 4 (-Werror).
    Map<String, JsonNode> regions =
        JSON.readValue(
            ProjectFiles.read(ProjectFiles.path("config/quickstart-rules.json")),
            new TypeReference<LinkedHashMap<String, JsonNode>>() {});
    List<String> prefixes = new ArrayList<>();
    for (Map.Entry<String, JsonNode> region : regions.entrySet()) {
      for (JsonNode rule : region.getValue()) {
        FakeRule.Builder builder =
            FakeRule.builder()
                .ecrRepositoryPrefix(rule.path("ecrRepositoryPrefix").asText())
                .upstreamRegistryUrl(rule.path("upstreamRegistryUrl").asText())
                .upstreamRegistry(rule.path("upstreamRegistry").asText(null));
        if (rule.has("upstreamRepositoryPrefix")) {
          builder.upstreamRepositoryPrefix(rule.get("upstreamRepositoryPrefix").asText());
        }
        if (rule.has("credentialArn")) {
          builder.credentialArn(rule.get("credentialArn").asText());
        }
        ecr.put(region.getKey(), ACCOUNT, builder.build());
        prefixes.add(rule.path("ecrRepositoryPrefix").asText());
      }
    }
    assertThat(prefixes).isNotEmpty();
    return prefixes;
  }

  /** The stack's connector (config/ecr-pull-through-cache-source.json) aimed at the endpoint. */
  private Path writeConnectorConfig(FakeEcrServer ecr) throws Exception {
    ObjectNode connector = (ObjectNode) connectorConfig();
    ObjectNode config = (ObjectNode) connector.get("config");
    JsonNode regions =
        JSON.readTree(ProjectFiles.read(ProjectFiles.path("config/quickstart-rules.json")));
    List<String> names = new ArrayList<>();
    regions.fieldNames().forEachRemaining(names::add);
    config.put("aws.regions", String.join(",", names));
    config.put("aws.ecr.endpoint", ecr.endpoint().toString());
    config.put("aws.ecr.registry.ids", ACCOUNT);
    config.put("aws.access.key.id", "AKIDCOMPOSETEST");
    config.put("aws.secret.access.key", "not-a-secret");
    config.put("poll.interval.ms", "2000");
    Path file = work.resolve("connector.json");
    Files.writeString(file, JSON.writeValueAsString(connector));
    return file;
  }

  /** The worker on the host's network: JSON records, REST on 127.0.0.1 only. */
  private Path writeWorkerConfig(int kafkaPort, int connectPort) throws Exception {
    Map<String, String> worker = new HashMap<>();
    worker.put("bootstrap.servers", "127.0.0.1:" + kafkaPort);
    worker.put("group.id", "ecr-connect");
    worker.put("config.storage.topic", "ecr-connect-configs");
    worker.put("offset.storage.topic", "ecr-connect-offsets");
    worker.put("status.storage.topic", "ecr-connect-statuses");
    worker.put("config.storage.replication.factor", "1");
    worker.put("offset.storage.replication.factor", "1");
    worker.put("status.storage.replication.factor", "1");
    worker.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    worker.put("plugin.path", "/opt/kafka/plugins");
    worker.put("listeners", "http://127.0.0.1:" + connectPort);
    worker.put("rest.advertised.host.name", "127.0.0.1");
    worker.put("topic.creation.enable", "true");
    worker.put("offset.flush.interval.ms", "1000");
    Path file = work.resolve("connect-distributed.properties");
    Files.writeString(
        file,
        worker.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n")));
    // The worker runs as uid 1000 in the container and must read the mounted file.
    file.toFile().setReadable(true, false);
    work.toFile().setExecutable(true, false);
    return file;
  }

  private static String plugins(int connectPort) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + connectPort
                                + "/connector-plugins?connectorsOnly=false"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
