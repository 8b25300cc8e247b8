package io.github.ecrconnect.ptc.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ecrconnect.ptc.testkit.FakeRule;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's second command, driven as a user drives it: {@code ./run} in its own process group
 * (local mode, free ports, a copy of the sample rules), reading its output, editing the rules file,
 * and pressing Ctrl-C (SIGINT to the group). Runs on what {@code mvn package} built ({@code
 * --no-build}), since Maven is running this test.
 *
 * <p>This is the matrix's install-as-users-do test: the worker is a JVM of its own with Kafka's
 * jars only, and loads the connector from the archive unpacked on {@code plugin.path}. Its Kafka is
 * the build's, or the one of the system property {@code connect.worker.classpath} (a file listing
 * another release's jars; quickstart/pom.xml, profile connect-4.4); {@code connect.worker.version}
 * is the version the worker must report.
 */
class RunCommandIT {
  private static final Duration FIRST_SNAPSHOT = Duration.ofMinutes(2);
  private static final Duration AFTER_EDIT = Duration.ofSeconds(30);
  private static final Duration STOP = Duration.ofSeconds(60);
  private static final Pattern EVENT =
      Pattern.compile("\\d\\d:\\d\\d:\\d\\d  ([rcud-])  (\\S+)\\s+(.*?)\\s+(\\S+-\\d+@\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path WORKER_LOG = Path.of("target/quickstart/logs/worker.log");

  /** What a plugin that clashes with the worker's jars, or calls what this Kafka lacks, logs. */
  private static final Pattern LINKAGE_ERROR =
      Pattern.compile(
          "NoClassDefFoundError|NoSuchMethodError|NoSuchFieldError|AbstractMethodError"
              + "|IncompatibleClassChangeError|ClassCastException|LinkageError");

  @TempDir Path temp;
  private RunProcess run;

  /** One event line: op, key (registryId/region/prefix), detail, topic-partition@offset. */
  private record Event(String op, String key, String detail, String position) {
    static Optional<Event> parse(String line) {
      Matcher m = EVENT.matcher(line);
      return m.matches()
          ? Optional.of(new Event(m.group(1), m.group(2), m.group(3), m.group(4)))
          : Optional.empty();
    }
  }

  private static List<Event> events(List<String> lines) {
    return lines.stream().map(Event::parse).flatMap(Optional::stream).collect(Collectors.toList());
  }

  @AfterEach
  void stopWhatIsLeft() throws Exception {
    if (run != null) {
      run.close();
    }
  }

  @Test
  void showsTheSnapshotThenEachSavedEditAndStopsEverythingOnCtrlC() throws Exception {
    Path rules = temp.resolve("rules.json");
    Files.copy(Path.of("config/quickstart-rules.json"), rules);
    Set<String> seeded = keys(rules);
    int restPort = freePort();
    int kafkaPort = freePort();
    run =
        RunProcess.start(
            List.of(
                "--no-build",
                "--local",
                "--rules",
                rules.toString(),
                "--poll-interval",
                "1s",
                "--rest-port",
                Integer.toString(restPort),
                "--kafka-port",
                Integer.toString(kafkaPort)),
            workerEnv());

    String broker =
        run.awaitLine(
            "\\[run\\] Kafka broker \\(KRaft\\)\\s+127\\.0\\.0\\.1:"
                + kafkaPort
                + "\\s+data in (.+)",
            FIRST_SNAPSHOT);
    Path dataDir = Path.of(broker.replaceAll(".* data in ", "").trim());
    run.awaitLine("\\[run\\] local ECR endpoint\\s+http://127\\.0\\.0\\.1:\\d+ .*", FIRST_SNAPSHOT);
    run.awaitLine(
        "\\[run\\] Connect worker\\s+http://127\\.0\\.0\\.1:" + restPort + " .*distributed mode.*",
        FIRST_SNAPSHOT);
    run.awaitLine(
        "\\[run\\] connector\\s+ecr-pull-through-cache-quickstart\\s+RUNNING.*", FIRST_SNAPSHOT);
    String workerVersion = workerVersion(restPort);
    expectedWorkerVersion()
        .ifPresent(v -> assertThat(workerVersion).as("the Connect worker's version").isEqualTo(v));
    List<String> output =
        run.await(
            l -> events(l).size() >= seeded.size(), FIRST_SNAPSHOT, seeded.size() + " r events");
    assertThat(events(output)).extracting(Event::op).containsOnly("r");
    assertThat(events(output)).extracting(Event::key).containsExactlyInAnyOrderElementsOf(seeded);
    assertThat(events(output))
        .extracting(Event::position)
        .allMatch(p -> p.startsWith("ecr-pull-through-cache-rules-0@"));
    assertThat(output).anyMatch(l -> l.matches("\\[run\\] first event after \\d+\\.\\d s"));
    assertThat(dataDir).isDirectory();
    assertWorkerIsAnotherJvmWithKafkaJarsOnly(run.descendants(), workerVersion);

    int before = events(output).size();
    editRules(rules);
    output =
        run.await(
            l -> events(l).size() >= before + 4,
            AFTER_EDIT,
            "the c, u, d and tombstone lines of the edit");
    List<Event> changes = events(output).subList(before, events(output).size());
    assertThat(changes)
        .extracting(e -> e.op() + " " + e.key())
        .containsExactlyInAnyOrder(
            "c 123456789012/us-east-1/gitlab",
            "u 123456789012/eu-west-1/docker-hub",
            "d 123456789012/us-east-1/quay",
            "- 123456789012/us-east-1/quay");
    assertThat(changes)
        .filteredOn(e -> e.op().equals("u"))
        .extracting(Event::detail)
        .containsExactly("changed: credentialArn");
    assertThat(output).anyMatch(l -> l.contains(rules + " saved: 1 created, 1 updated, 1 deleted"));

    List<ProcessHandle> children = run.descendants();
    assertThat(children).as("the worker's wrapper and JVM").hasSizeGreaterThanOrEqualTo(2);
    run.interrupt();
    assertThat(run.awaitExit(STOP)).as("exit status after Ctrl-C").isZero();

    assertThat(run.lines()).contains("[run] stopped: no process left, temp dir removed");
    assertThat(children).noneMatch(ProcessHandle::isAlive);
    assertThat(ProcessHandle.allProcesses())
        .as("processes started for this run")
        .noneMatch(p -> p.info().commandLine().orElse("").contains(dataDir.toString()));
    assertThat(dataDir).doesNotExist();
    assertPortFree(restPort);
    assertPortFree(kafkaPort);
    assertThat(Files.readAllLines(WORKER_LOG, StandardCharsets.UTF_8))
        .as("Connect %s worker log %s", workerVersion, WORKER_LOG)
        .isNotEmpty()
        .noneMatch(l -> LINKAGE_ERROR.matcher(l).find());
  }

  /** The environment that points ./run's worker at another Kafka's jars, if the build says so. */
  private static Map<String, String> workerEnv() {
    String classpath = System.getProperty("connect.worker.classpath", "");
    return classpath.isBlank() ? Map.of() : Map.of("QUICKSTART_WORKER_CLASSPATH", classpath);
  }

  private static Optional<String> expectedWorkerVersion() {
    return Optional.ofNullable(System.getProperty("connect.worker.version"))
        .filter(v -> !v.isBlank());
  }

  /** The version the worker reports at {@code GET /} of its REST API. */
  private static String workerVersion(int restPort) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + "/"))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET / of the worker").isEqualTo(200);
    return JSON.readTree(response.body()).path("version").asText();
  }

  @Test
  void aPortInUseIsAClearMessageAndAFailureExit() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      run =
          RunProcess.start(
              List.of(
                  "--no-build",
                  "--local",
                  "--rest-port",
                  Integer.toString(taken.getLocalPort()),
                  "--kafka-port",
                  Integer.toString(freePort())));
      assertThat(run.awaitExit(STOP)).isEqualTo(1);
    }
    assertThat(run.lines())
        .anyMatch(
            l ->
                l.startsWith("[run] ERROR: port ")
                    && l.contains("is already in use, and the Connect REST API needs it"))
        .noneMatch(l -> l.contains("Exception") || l.startsWith("\tat "));
  }

  @Test
  void helpNamesEveryOptionWithoutBuildingAnything() throws Exception {
    run = RunProcess.start(List.of("--help"));
    assertThat(run.awaitExit(STOP)).isZero();
    String help = String.join("\n", run.lines());
    for (String flag :
        List.of(
            "--aws",
            "--local",
            "--rules FILE",
            "--poll-interval",
            "--json",
            "--help",
            "--rest-port",
            "--kafka-port")) {
      assertThat(help).contains("  " + flag);
    }
  }

  /** registryId/region/prefix of every rule in the file. */
  private static Set<String> keys(Path rules) throws Exception {
    Map<String, List<FakeRule>> byRegion = RulesFile.parse(Files.readString(rules));
    return byRegion.entrySet().stream()
        .flatMap(
            e ->
                e.getValue().stream()
                    .map(r -> LocalEcr.ACCOUNT + "/" + e.getKey() + "/" + r.ecrRepositoryPrefix()))
        .collect(Collectors.toSet());
  }

  /** As a user would in an editor: delete quay, add gitlab, rotate a secret; then save. */
  private static void editRules(Path rules) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(rules.toFile());
    ArrayNode us = (ArrayNode) root.get("us-east-1");
    for (int i = 0; i < us.size(); i++) {
      if (us.get(i).get("ecrRepositoryPrefix").asText().equals("quay")) {
        us.remove(i);
        break;
      }
    }
    us.addObject()
        .put("ecrRepositoryPrefix", "gitlab")
        .put("upstreamRegistryUrl", "registry.gitlab.com")
        .put("upstreamRegistry", "gitlab-container-registry");
    for (var rule : root.get("eu-west-1")) {
      if (rule.get("ecrRepositoryPrefix").asText().equals("docker-hub")) {
        ((ObjectNode) rule).put("credentialArn", rule.get("credentialArn").asText() + "-rotated");
      }
    }
    Files.writeString(
        rules,
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root),
        StandardCharsets.UTF_8);
  }

  /**
   * The Connect worker is a JVM of its own (ConnectDistributed) whose classpath holds Kafka and
   * Connect jars only: nothing of this project, no AWS SDK (the plugin brings that on plugin.path).
   */
  private static void assertWorkerIsAnotherJvmWithKafkaJarsOnly(
      List<ProcessHandle> descendants, String version) throws IOException {
    ProcessHandle worker =
        descendants.stream()
            .filter(
                p ->
                    p.info()
                        .commandLine()
                        .orElse("")
                        .contains("org.apache.kafka.connect.cli.ConnectDistributed"))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("no ConnectDistributed process among " + descendants));
    Path environ = Path.of("/proc", Long.toString(worker.pid()), "environ");
    if (!Files.isReadable(environ)) {
      return; // not Linux: the runner checked the classpath before starting the worker
    }
    String classpath =
        List.of(new String(Files.readAllBytes(environ), StandardCharsets.UTF_8).split("\0"))
            .stream()
            .filter(v -> v.startsWith("CLASSPATH="))
            .findFirst()
            .orElseThrow();
    assertThat(classpath)
        .contains("connect-runtime-" + version + ".jar")
        .doesNotContain("target/")
        .doesNotContain("awssdk");
    assertThat(worker.info().commandLine().orElse(""))
        .doesNotContain(" -cp ")
        .doesNotContain("-classpath");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  private static void assertPortFree(int port) throws QuickStartException {
    Ports.requireFree(port, "test", "--test-port");
  }
}
