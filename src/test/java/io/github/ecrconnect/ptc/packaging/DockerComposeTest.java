package io.github.ecrconnect.ptc.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker/docker-compose.yml, checked without a Docker engine (DockerComposeIT runs it where one
 * is): it parses, has the four services wired by health, every host path it mounts or builds from
 * exists, the connector it registers is a checked example, the worker config points at the stack's
 * services, and AWS credentials are only passed through from the host. When a Compose CLI is
 * installed, its own {@code config} check runs as well, alone and with CI's override; otherwise
 * those tests are reported as skipped.
 */
class DockerComposeTest {
  private static final Path DOCKER = ProjectFiles.path("docker");
  private static final Path COMPOSE_FILE = DOCKER.resolve("docker-compose.yml");
  private static final List<String> AWS_VARIABLES =
      List.of(
          "AWS_REGION",
          "AWS_PROFILE",
          "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY",
          "AWS_SESSION_TOKEN");

  private final Map<String, Object> compose = load();

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load() {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    return (Map<String, Object>) yaml.load(ProjectFiles.read(COMPOSE_FILE));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> service(String name) {
    Map<String, Object> services = (Map<String, Object>) compose.get("services");
    assertThat(services).as("services").containsKey(name);
    return (Map<String, Object>) services.get(name);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return (List<Object>) value;
  }

  @Test
  void kafkaRunsInKraftModeWithoutZooKeeper() {
    Map<String, Object> env = map(service("kafka").get("environment"));
    assertThat(String.valueOf(env.get("KAFKA_PROCESS_ROLES")))
        .contains("broker")
        .contains("controller");
    assertThat(String.valueOf(service("kafka").get("image")))
        .as("apache/kafka of the pom unless KAFKA_IMAGE names another")
        .isEqualTo(
            "${KAFKA_IMAGE:-apache/kafka:" + ProjectFiles.pomProperty("kafka.version") + "}");
    assertThat(map(compose.get("services"))).doesNotContainKey("zookeeper");
  }

  @Test
  void servicesStartInOrderOfHealth() {
    Map<String, Object> services = map(compose.get("services"));
    for (String name : List.of("schema-registry", "connect", "register-connector")) {
      Map<String, Object> dependsOn = map(service(name).get("depends_on"));
      assertThat(dependsOn).as("%s depends on", name).isNotEmpty();
      dependsOn.forEach(
          (dependency, condition) -> {
            assertThat(map(condition))
                .as("%s -> %s", name, dependency)
                .containsEntry("condition", "service_healthy");
            assertThat(map(services.get(dependency)))
                .as("%s has a healthcheck", dependency)
                .containsKey("healthcheck");
          });
    }
  }

  @Test
  void connectIsBuiltFromTheDockerfileWithTheRepositoryAsContext() {
    Map<String, Object> build = map(service("connect").get("build"));
    Path context = DOCKER.resolve(String.valueOf(build.get("context"))).normalize();
    assertThat(context).isEqualTo(ProjectFiles.root());
    assertThat(context.resolve(String.valueOf(build.get("dockerfile")))).isRegularFile();
  }

  @Test
  void everyMountedHostPathExists() {
    List<String> missing = new ArrayList<>();
    for (Object value : map(compose.get("services")).values()) {
      Object volumes = map(value).get("volumes");
      if (volumes == null) {
        continue;
      }
      for (Object volume : list(volumes)) {
        String source = String.valueOf(volume).split(":")[0];
        // Paths from the user's environment (${HOME}/.aws) are theirs; relative ones are ours.
        if (source.startsWith(".") && !DOCKER.resolve(source).normalize().toFile().exists()) {
          missing.add(String.valueOf(volume));
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void registersACheckedConnectorExampleWithTheScript() {
    Map<String, Object> register = service("register-connector");
    String configInContainer =
        String.valueOf(map(register.get("environment")).get("CONNECTOR_CONFIG"));
    String mount =
        list(register.get("volumes")).stream()
            .map(String::valueOf)
            .filter(v -> v.split(":")[1].equals(configInContainer))
            .findFirst()
            .orElseThrow(() -> new AssertionError(configInContainer + " is not mounted"));
    Path onHost = DOCKER.resolve(mount.split(":")[0]).normalize();

    assertThat(ExampleConfig.load(onHost).kind()).isEqualTo(ExampleConfig.Kind.CONNECTOR);
    assertThat(onHost.getParent())
        .as("an example of config/, which ConnectorExamplesTest validates")
        .isEqualTo(ProjectFiles.path("config"));
    assertThat(String.valueOf(register.get("entrypoint"))).contains("/register-connector.sh");
    assertThat(ProjectFiles.read(DOCKER.resolve("register-connector.sh"))).contains("/connectors");
  }

  @Test
  void workerConfigPointsAtTheStacksServices() {
    Map<String, String> worker =
        ProjectFiles.properties(DOCKER.resolve("connect-distributed.properties"));
    String advertised =
        String.valueOf(map(service("kafka").get("environment")).get("KAFKA_ADVERTISED_LISTENERS"));

    assertThat(advertised).contains("//" + worker.get("bootstrap.servers"));
    assertThat(worker.get("value.converter.schema.registry.url"))
        .startsWith("http://schema-registry:");
    assertThat(map(compose.get("services"))).containsKey("schema-registry");
  }

  @Test
  void awsCredentialsArePassedThroughNeverWritten() {
    Object environment = service("connect").get("environment");
    assertThat(environment)
        .as("a list of names: each takes the host's value")
        .isInstanceOf(List.class);
    List<String> names =
        list(environment).stream()
            .map(String::valueOf)
            .collect(java.util.stream.Collectors.toList());
    assertThat(names).containsAll(AWS_VARIABLES).allSatisfy(n -> assertThat(n).doesNotContain("="));

    List<String> written = new ArrayList<>();
    for (Map.Entry<String, Object> entry : map(compose.get("services")).entrySet()) {
      Object env = map(entry.getValue()).get("environment");
      if (env instanceof List) {
        list(env).stream()
            .map(String::valueOf)
            .filter(e -> e.startsWith("AWS_") && e.contains("="))
            .forEach(e -> written.add(entry.getKey() + ": " + e));
      } else if (env instanceof Map) {
        map(env)
            .forEach(
                (name, value) -> {
                  if (name.startsWith("AWS_")
                      && value != null
                      && !String.valueOf(value).startsWith("${")) {
                    written.add(entry.getKey() + ": " + name);
                  }
                });
      }
    }
    assertThat(written).as("AWS variables given a value in the file").isEmpty();
    assertThat(ProjectFiles.read(COMPOSE_FILE)).doesNotContainPattern("AKIA[0-9A-Z]{16}");
    assertThat(list(service("connect").get("volumes")).stream().map(String::valueOf))
        .anySatisfy(v -> assertThat(v).endsWith(":ro").contains(".aws"));
  }

  /** Compose's own parser and schema check, where a Compose CLI is installed. */
  @Test
  void composeConfigAcceptsTheFile() throws Exception {
    List<String> cli = composeCli();
    assumeTrue(cli != null, "no Compose CLI (docker compose or docker-compose) on this machine");
    List<String> command = new ArrayList<>(cli);
    command.addAll(List.of("-f", COMPOSE_FILE.toString(), "config", "--quiet"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putIfAbsent("HOME", System.getProperty("user.home"));
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("compose config finished").isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("compose config output: %s", output).isZero();
  }

  /**
   * CI's override (docker/ci/docker-compose.ci.yml) merges with the file, as DockerComposeIT uses
   * it.
   */
  @Test
  void composeConfigAcceptsTheFileWithCisOverride() throws Exception {
    List<String> cli = composeCli();
    assumeTrue(cli != null, "no Compose CLI (docker compose or docker-compose) on this machine");
    List<String> command = new ArrayList<>(cli);
    command.addAll(
        List.of(
            "-f",
            COMPOSE_FILE.toString(),
            "-f",
            DOCKER.resolve("ci/docker-compose.ci.yml").toString(),
            "config",
            "--quiet"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putIfAbsent("HOME", System.getProperty("user.home"));
    for (String variable :
        List.of(
            "ECR_IT_KAFKA_IMAGE",
            "ECR_CI_TOOLS_IMAGE",
            "ECR_CI_CONNECT_IMAGE",
            "ECR_CI_WORKER_CONFIG",
            "ECR_CI_AWS_DIR",
            "ECR_CI_CONNECT_PORT",
            "ECR_CI_CONNECTOR_CONFIG")) {
      builder
          .environment()
          .put(variable, variable.endsWith("PORT") ? "18083" : "/tmp/" + variable.toLowerCase());
    }
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("compose config finished").isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("compose config output: %s", output).isZero();
  }

  private static List<String> composeCli() {
    for (List<String> candidate :
        List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
      List<String> version = new ArrayList<>(candidate);
      version.add("version");
      try {
        Process process = new ProcessBuilder(version).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) {
          return candidate;
        }
      } catch (IOException e) {
        // Not installed: try the next one.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }
}
