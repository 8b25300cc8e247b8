package io.github.ecrconnect.ptc.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ecrconnect.ptc.registry.ApicurioRegistry;
import io.github.ecrconnect.ptc.registry.JavaRuntimes;
import io.github.ecrconnect.ptc.registry.RegistryInstallation;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
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
    run = startLocal(restPort, kafkaPort, "--rules", rules.toString());

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

  /**
   * {@code ./run --no-build --local} on the given ports, polling every second, with {@code options}
   * and the worker environment of this build.
   */
  private static RunProcess startLocal(int restPort, int kafkaPort, String... options)
      throws IOException {
    List<String> args = new ArrayList<>(List.of("--no-build", "--local"));
    args.addAll(List.of(options));
    args.addAll(
        List.of(
            "--poll-interval",
            "1s",
            "--rest-port",
            Integer.toString(restPort),
            "--kafka-port",
            Integer.toString(kafkaPort)));
    return RunProcess.start(args, workerEnv());
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

  /** The line under each event with --avro: the schema ids and the value a consumer decoded. */
  private static final Pattern DECODED =
      Pattern.compile("\\s+avro  key schema (\\d+), value schema (\\d+): (\\{.*\\})");

  private static final Pattern LAKE =
      Pattern.compile(
          "\\[run\\] lake table ecr\\.pull_through_cache_rule_changes: (\\d+) rows, current state"
              + " (\\d+) rules");

  @Test
  void avroStartsTheRegistryAndPrintsEachEventAsAConsumerDecodesIt() throws Exception {
    assumeFalse(
        Boolean.getBoolean(RegistryInstallation.SKIP_PROPERTY),
        "-D" + RegistryInstallation.SKIP_PROPERTY + "=true: the build fetched no registry");
    assumeTrue(
        JavaRuntimes.find(ApicurioRegistry.MINIMUM_JAVA).isPresent(),
        () ->
            "Apicurio Registry needs Java "
                + ApicurioRegistry.MINIMUM_JAVA
                + "+ and none was found (looked at "
                + JavaRuntimes.searched()
                + ")");
    Set<String> seeded = keys(Path.of("config/quickstart-rules.json"));
    int restPort = freePort();
    int kafkaPort = freePort();
    run = startLocal(restPort, kafkaPort, "--avro");
    String registryLine =
        run.awaitLine(
            "\\[run\\] schema registry\\s+http://127\\.0\\.0\\.1:\\d+\\s+Apicurio Registry.*",
            FIRST_SNAPSHOT);
    URI registry = URI.create(registryLine.split("\\s+")[3]);
    Path dataDir = dataDir(run.awaitLine("\\[run\\] Kafka broker .* data in .+", FIRST_SNAPSHOT));
    List<String> output =
        run.await(
            l -> l.stream().filter(x -> DECODED.matcher(x).matches()).count() >= seeded.size(),
            FIRST_SNAPSHOT,
            seeded.size() + " decoded events");

    // Each event line is followed by the record as the registry and plain Avro decode it.
    int decoded = 0;
    for (int i = 0; i + 1 < output.size(); i++) {
      Optional<Event> event = Event.parse(output.get(i));
      Matcher value = DECODED.matcher(output.get(i + 1));
      if (event.isEmpty() || !value.matches()) {
        continue;
      }
      JsonNode envelope = JSON.readTree(value.group(3));
      assertThat(envelope.path("op").asText()).isEqualTo(event.get().op()).isEqualTo("r");
      assertThat(event.get().key())
          .endsWith("/" + envelope.path("after").path("ecrRepositoryPrefix").asText());
      assertThat(envelope.path("source").path("connector").asText())
          .isEqualTo("ecr-pull-through-cache");
      assertThat(schemaById(registry, Integer.parseInt(value.group(2))).getName())
          .as("the value schema the registry serves under the id in the record")
          .isEqualTo("Envelope");
      decoded++;
    }
    assertThat(decoded).isEqualTo(seeded.size());
    assertThat(events(output)).extracting(Event::key).containsExactlyInAnyOrderElementsOf(seeded);

    List<ProcessHandle> children = run.descendants();
    assertThat(children)
        .as("the registry among ./run's processes")
        .anyMatch(p -> p.info().commandLine().orElse("").contains("quarkus-run.jar"));
    assertCtrlCStopsEverything(children, dataDir, restPort, kafkaPort, registry.getPort());
  }

  /**
   * Where the registry cannot run (no JDK 21+, say), --avro says why and exits 1 before anything
   * starts. The test kit's switch-off property stands in for a missing JDK: the same exception, the
   * same path through ./run.
   */
  @Test
  void avroWithoutARegistryToRunSaysWhyAndFails() throws Exception {
    assumeFalse(
        Boolean.getBoolean(RegistryInstallation.SKIP_PROPERTY),
        "-Dregistry.skip=true: the build fetched no registry or converter for ./run --avro");
    int restPort = freePort();
    run =
        RunProcess.start(
            List.of(
                "--no-build",
                "--local",
                "--avro",
                "--rest-port",
                Integer.toString(restPort),
                "--kafka-port",
                Integer.toString(freePort())),
            Map.of("JAVA_TOOL_OPTIONS", "-D" + RegistryInstallation.SKIP_PROPERTY + "=true"));
    assertThat(run.awaitExit(STOP)).isEqualTo(1);
    assertThat(run.lines())
        .contains(
            "[run] ERROR: the schema registry tests are switched off (-D"
                + RegistryInstallation.SKIP_PROPERTY
                + "=true)")
        .noneMatch(l -> l.startsWith("[run] Kafka broker") || l.startsWith("\tat "));
    assertPortFree(restPort);
  }

  @Test
  void lakeRunsTheIcebergSinkAndPrintsTheTablesRowsAndCurrentState() throws Exception {
    assumeFalse(Boolean.getBoolean("lake.skip"), "-Dlake.skip=true: the build assembled no sink");
    Path rules = temp.resolve("rules.json");
    Files.copy(Path.of("config/quickstart-rules.json"), rules);
    Set<String> seeded = keys(rules);
    Path warehouse = temp.resolve("lake");
    int restPort = freePort();
    int kafkaPort = freePort();
    run =
        startLocal(
            restPort, kafkaPort, "--lake", warehouse.toString(), "--rules", rules.toString());
    Path dataDir = dataDir(run.awaitLine("\\[run\\] Kafka broker .* data in .+", FIRST_SNAPSHOT));
    run.awaitLine(
        "\\[run\\] Iceberg sink\\s+ecr-pull-through-cache-iceberg-sink\\s+RUNNING, table"
            + " ecr\\.pull_through_cache_rule_changes in "
            + Pattern.quote(warehouse.toString())
            + ",.*",
        FIRST_SNAPSHOT);
    String full = seeded.size() + " rows, current state " + seeded.size() + " rules";
    List<String> output = awaitLakeState(full, seeded.size(), FIRST_SNAPSHOT);

    // The events print as without --lake (the worker now writes JSON with schemas, for the sink).
    assertThat(events(output)).extracting(Event::key).containsExactlyInAnyOrderElementsOf(seeded);
    assertThat(output)
        .filteredOn(l -> LAKE.matcher(l).matches())
        .as("no more rows than events")
        .allMatch(l -> Integer.parseInt(lakeCount(l)) <= seeded.size());
    int last = lastIndexEndingWith(output, full);
    List<String> state = output.subList(last + 1, last + 1 + seeded.size());
    assertThat(state)
        .extracting(l -> l.trim().split("\\s+")[0])
        .as("the current state under the row count: one line per rule")
        .containsExactlyInAnyOrderElementsOf(seeded);
    assertThat(warehouse.resolve("ecr/pull_through_cache_rule_changes/metadata")).isDirectory();

    // c, u and d make a row each (the sink skips the tombstone); the deleted rule leaves the state.
    editRules(rules);
    String edited = (seeded.size() + 3) + " rows, current state " + seeded.size() + " rules";
    output = awaitLakeState(edited, seeded.size(), AFTER_EDIT);
    last = lastIndexEndingWith(output, edited);
    assertThat(output.subList(last + 1, last + 1 + seeded.size()))
        .extracting(l -> l.trim().split("\\s+")[0])
        .contains("123456789012/us-east-1/gitlab")
        .doesNotContain("123456789012/us-east-1/quay");

    assertCtrlCStopsEverything(run.descendants(), dataDir, restPort, kafkaPort);
    assertThat(warehouse).as("the user's warehouse stays").isDirectory();
  }

  /** Waits for a lake line ending with {@code end} and the {@code rules} state lines under it. */
  private List<String> awaitLakeState(String end, int rules, Duration timeout)
      throws InterruptedException {
    return run.await(
        l -> {
          int at = lastIndexEndingWith(l, end);
          return at >= 0 && at + rules < l.size();
        },
        timeout,
        "lake table ...: " + end + " and a line per rule");
  }

  private static int lastIndexEndingWith(List<String> lines, String end) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).endsWith(end)) {
        return i;
      }
    }
    return -1;
  }

  private static String lakeCount(String line) {
    Matcher m = LAKE.matcher(line);
    assertThat(m.matches()).isTrue();
    return m.group(1);
  }

  private static Path dataDir(String brokerLine) {
    return Path.of(brokerLine.replaceAll(".* data in ", "").trim());
  }

  /** The schema the registry's Confluent API serves under {@code id}. */
  private static Schema schemaById(URI registry, int id) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(registry.resolve("/apis/ccompat/v7/schemas/ids/" + id))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET /schemas/ids/%d", id).isEqualTo(200);
    return new Schema.Parser().parse(JSON.readTree(response.body()).path("schema").asText());
  }

  /** Ctrl-C: exit 0, the stop line, no process of the run left, its temp dir and ports freed. */
  private void assertCtrlCStopsEverything(List<ProcessHandle> children, Path dataDir, int... ports)
      throws Exception {
    run.interrupt();
    assertThat(run.awaitExit(STOP)).as("exit status after Ctrl-C").isZero();
    assertThat(run.lines()).contains("[run] stopped: no process left, temp dir removed");
    assertThat(children).noneMatch(ProcessHandle::isAlive);
    assertThat(ProcessHandle.allProcesses())
        .as("processes started for this run")
        .noneMatch(p -> p.info().commandLine().orElse("").contains(dataDir.toString()));
    assertThat(dataDir).doesNotExist();
    for (int port : ports) {
      assertPortFree(port);
    }
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
            "--kafka-port",
            "--avro",
            "--lake DIR")) {
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
