package io.github.ecrconnect.ptc.quickstart;

import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.ACCESS_KEY_ID;
import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.DEFAULT_HEARTBEAT_TOPIC;
import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.ENDPOINT;
import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.HEARTBEAT_TOPIC;
import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.POLL_INTERVAL_MS;
import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.REGIONS;
import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.SECRET_ACCESS_KEY;
import static io.github.ecrconnect.ptc.connect.EcrSourceConfig.TOPIC;

import io.github.ecrconnect.ptc.quickstart.EventLine.Arrival;
import io.github.ecrconnect.ptc.quickstart.Options.Source;
import io.github.ecrconnect.ptc.registry.ApicurioRegistry;
import io.github.ecrconnect.ptc.registry.RegistryInstallation;
import io.github.ecrconnect.ptc.testkit.FakeRule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./run}: a Kafka broker (KRaft), a Connect worker in distributed mode in its own JVM with
 * the connector installed from its plugin archive, the connector, and a printer of its change
 * events, in one terminal; reading AWS or a local ECR endpoint whose rules come from a file the
 * user edits. Ctrl-C stops everything (see {@link Lifecycle}).
 */
public final class QuickStart {
  private static final Logger log = LoggerFactory.getLogger(QuickStart.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration CHECK = Duration.ofMillis(250);
  private static final Duration STATUS_EVERY = Duration.ofSeconds(5);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);
  private static final int LOG_TAIL = 15;

  private final Options options;
  private final Console console;
  private final Lifecycle life;
  private final Path projectDir;
  private final Instant startedAt;
  private final AtomicBoolean arrived = new AtomicBoolean();
  private volatile String topic;

  private QuickStart(Options options, Console console, Lifecycle life, Path projectDir) {
    this.options = options;
    this.console = console;
    this.life = life;
    this.projectDir = projectDir;
    this.startedAt = startedAt();
  }

  public static void main(String[] args) {
    Options options;
    try {
      String caller = System.getenv("QUICKSTART_CALLER_DIR");
      options = Options.parse(List.of(args), caller == null ? null : Path.of(caller));
    } catch (UsageException e) {
      System.err.println("./run: " + e.getMessage() + " (see ./run --help)");
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.print(usage());
      System.exit(0);
    }
    Console console = new Console(System.out, System.err, options.json());
    Lifecycle life = new Lifecycle(console);
    try {
      new QuickStart(options, console, life, Path.of("").toAbsolutePath()).run();
    } catch (Lifecycle.Stopping e) {
      // Ctrl-C while starting: the shutdown hook stops what has started
    } catch (QuickStartException e) {
      fail(life, console, e.getMessage(), e);
    } catch (Exception e) {
      fail(
          life,
          console,
          "unexpected failure: " + e + " (details in target/quickstart/logs/run.log)",
          e);
    }
  }

  private static void fail(Lifecycle life, Console console, String message, Exception e) {
    if (life.stopping()) {
      return; // a failure caused by the stop itself
    }
    log.error("./run failed: {}", message, e);
    console.error(message);
    life.exit(1);
  }

  private void run() throws Exception {
    Ports.requireFree(options.restPort(), "Connect REST API", "--rest-port");
    Ports.requireFree(options.kafkaPort(), "Kafka broker", "--kafka-port");
    if (options.ecrPort() != 0) {
      Ports.requireFree(options.ecrPort(), "local ECR endpoint", "--ecr-port");
    }
    ConnectorConfig connector = ConnectorConfig.read(options.connectorConfig());
    Map<String, String> config = new LinkedHashMap<>(connector.config());
    options
        .pollInterval()
        .ifPresent(p -> config.put(POLL_INTERVAL_MS, Long.toString(p.toMillis())));
    // What --avro and --lake need is checked before anything starts.
    Optional<RegistryInstallation> registryInstallation =
        options.avro() ? Optional.of(AvroSetup.find(projectDir)) : Optional.empty();
    List<Path> otherPlugins = new ArrayList<>();
    if (options.lake().isPresent()) {
      otherPlugins.add(LakeSetup.pluginPathEntry(projectDir));
    }
    Optional<AwsDetection.Found> aws = chooseSource();
    Path work = life.start("temp dir", () -> TempDir.create("ecr-quickstart-")).path();

    LocalEcr ecr = null;
    Map<String, String> workerEnv = new LinkedHashMap<>();
    if (aws.isPresent()) {
      readAws(aws.get(), config);
    } else {
      ecr = startLocalEcr(config);
      workerEnv.put("AWS_EC2_METADATA_DISABLED", "true"); // nothing of the worker asks EC2
    }
    Map<String, String> workerProperties = new LinkedHashMap<>();
    AvroEvents avro = null;
    if (registryInstallation.isPresent()) {
      ApicurioRegistry registry = startRegistry(registryInstallation.get(), work);
      workerProperties.putAll(AvroSetup.converterSettings(projectDir, registry.apicurioV2Api()));
      avro = new AvroEvents(registry.confluentApi());
    }
    if (options.lake().isPresent()) {
      workerProperties.putAll(LakeSetup.workerProperties());
    }
    ConnectWorker worker =
        startKafkaAndWorker(work, workerEnv, workerProperties, otherPlugins, avro != null);
    ConnectRest rest = new ConnectRest(worker.restUrl());

    createConnector(worker, rest, connector.name(), config);
    topic = config.get(TOPIC);
    Duration poll =
        Duration.ofMillis(Long.parseLong(config.getOrDefault(POLL_INTERVAL_MS, "60000")));
    console.status(
        "connector              %-26s RUNNING, topic %s, polls every %s",
        connector.name(), topic, human(poll));
    if (options.lake().isPresent()) {
      startLake(worker, rest, options.lake().get().toAbsolutePath());
    }
    AvroEvents decoder = avro;
    life.start(
        "event printer",
        () ->
            new EventPrinter(
                    bootstrapServers(),
                    topic,
                    config.getOrDefault(HEARTBEAT_TOPIC, DEFAULT_HEARTBEAT_TOPIC),
                    console,
                    options.json(),
                    this::firstArrival,
                    decoder)
                .start());
    if (ecr != null) {
      watchRules(ecr, poll);
    }
    console.status("waiting for the first snapshot of %s ...", regions(config));
    monitor(worker, rest, connector.name());
  }

  /**
   * The file that lists the worker's jars: {@code quickstart/target/worker.classpath} (the Kafka of
   * the build), or the one {@code QUICKSTART_WORKER_CLASSPATH} names, which runs the worker on
   * another Kafka release (the compatibility matrix runs a Kafka 4.4 worker so; see
   * quickstart/pom.xml, profile connect-4.4).
   */
  private Path workerClasspathFile() {
    String other = System.getenv("QUICKSTART_WORKER_CLASSPATH");
    return other == null || other.isBlank()
        ? projectDir.resolve("quickstart/target/worker.classpath")
        : projectDir.resolve(other);
  }

  private String bootstrapServers() {
    return Ports.HOST + ":" + options.kafkaPort();
  }

  /**
   * Installs the plugin on a plugin.path in {@code work}, then starts the broker and the worker JVM
   * at the same time (the worker waits for the broker by itself). They stop in reverse order: the
   * worker first, while the broker it needs is still up.
   */
  private ConnectWorker startKafkaAndWorker(
      Path work,
      Map<String, String> workerEnv,
      Map<String, String> workerProperties,
      List<Path> otherPlugins,
      boolean avroConverter)
      throws Exception {
    Path archive = PluginInstall.archive(projectDir);
    Path pluginPath = work.resolve("plugins");
    Path pluginDir = PluginInstall.unpack(archive, pluginPath);
    Path converterDir = avroConverter ? AvroSetup.installConverter(projectDir, pluginPath) : null;
    List<Path> pluginPaths = new ArrayList<>();
    pluginPaths.add(pluginPath);
    pluginPaths.addAll(otherPlugins);
    List<Path> classpath =
        PluginInstall.workerClasspath(
            workerClasspathFile(), projectDir, PluginInstall.libJars(pluginDir));
    int controllerPort = Ports.anyFree();
    Path workerLog = projectDir.resolve("target/quickstart/logs/worker.log");
    KafkaBroker.Starting brokerStart =
        life.start(
            "Kafka broker",
            () ->
                KafkaBroker.startInBackground(
                    work.resolve("kafka"), options.kafkaPort(), controllerPort));
    ConnectWorker.Settings settings =
        new ConnectWorker.Settings(
            classpath,
            work,
            pluginPaths,
            bootstrapServers(),
            options.restPort(),
            workerLog,
            workerEnv,
            workerProperties);
    ConnectWorker worker = life.start("Connect worker", () -> ConnectWorker.launch(settings));
    KafkaBroker broker = brokerStart.await();
    life.checkNotStopping();
    console.status("Kafka broker (KRaft)   %-26s data in %s", broker.bootstrapServers(), work);

    awaitRestApi(worker, new ConnectRest(worker.restUrl()));
    console.status(
        "Connect worker         %-26s distributed mode, group %s, %d Kafka jars on its classpath",
        worker.restUrl(), ConnectWorker.GROUP_ID, classpath.size());
    console.detail(
        "plugin.path "
            + pluginPath
            + ": "
            + pluginDir.getFileName()
            + " (from "
            + projectDir.relativize(archive)
            + ")"
            + (converterDir == null
                ? ""
                : ", " + converterDir.getFileName() + " (from " + AvroSetup.CONVERTER_JARS + ")"));
    for (Path other : otherPlugins) {
      console.detail("plugin.path " + other + ": " + LakeSetup.SINK_PLUGIN_DIR.getFileName());
    }
    if (converterDir != null) {
      console.detail(
          "keys and values as Avro in Confluent's wire format: "
              + AvroSetup.CONVERTER_CLASS
              + " (settings of "
              + AvroSetup.EXAMPLE
              + ")");
    }
    console.detail("log " + projectDir.relativize(workerLog));
    return worker;
  }

  /** Apicurio Registry, started before the worker (so stopped after it). */
  private ApicurioRegistry startRegistry(RegistryInstallation installation, Path work)
      throws Exception {
    Path log = projectDir.resolve("target/quickstart/logs/registry.log");
    List<String> launcher = AvroSetup.launcher(work);
    ApicurioRegistry registry;
    try {
      registry =
          life.start("schema registry", () -> installation.start(log, STARTUP_TIMEOUT, launcher));
    } catch (IOException e) {
      throw new QuickStartException("Apicurio Registry did not start: " + e.getMessage());
    }
    console.status(
        "schema registry        %-26s Apicurio Registry, Confluent API %s, up in %.1f s",
        registry.base(),
        registry.confluentApi().getPath(),
        registry.startTime().toMillis() / 1000.0);
    console.detail("java " + installation.java() + ", log " + projectDir.relativize(log));
    return registry;
  }

  /** The Iceberg sink into {@code warehouse}, its control topic, and the table's watcher. */
  private void startLake(ConnectWorker worker, ConnectRest rest, Path warehouse) throws Exception {
    Files.createDirectories(warehouse);
    ConnectorConfig sink = LakeSetup.sinkConfig(projectDir, topic, warehouse, bootstrapServers());
    LakeSetup.createControlTopic(bootstrapServers(), sink);
    createConnector(worker, rest, sink.name(), sink.config());
    String table = LakeSetup.table(sink);
    console.status(
        "Iceberg sink           %-26s RUNNING, table %s in %s, commits every %s",
        sink.name(),
        table,
        warehouse,
        human(Duration.ofMillis(Long.parseLong(LakeSetup.COMMIT_INTERVAL_MS))));
    life.start("lake printer", () -> new LakePrinter(warehouse, table, console).start());
  }

  private static String regions(Map<String, String> config) {
    String regions = config.getOrDefault(REGIONS, "");
    return regions.isBlank() ? "the SDK's default region" : regions;
  }

  /** AWS if asked for, or if credentials and a region are found (and --local is not given). */
  private Optional<AwsDetection.Found> chooseSource() {
    if (options.source() == Source.LOCAL) {
      return Optional.empty();
    }
    if (options.source() == Source.AWS) {
      String region = AwsDetection.region().orElse(null);
      return Optional.of(new AwsDetection.Found(region, "the AWS SDK's default chain"));
    }
    AwsDetection.Detection detection = AwsDetection.detect();
    if (detection.found().isEmpty()) {
      console.status(
          "%s: reading a local ECR endpoint (--aws reads your AWS account)", detection.missing());
    }
    return detection.found();
  }

  private void readAws(AwsDetection.Found aws, Map<String, String> config) {
    if (config.getOrDefault(REGIONS, "").isBlank() && aws.region() != null) {
      config.put(REGIONS, aws.region());
    }
    console.status(
        "AWS                    %-26s read-only (ecr:DescribePullThroughCacheRules), credentials"
            + " from %s",
        regions(config), aws.credentialsFrom());
  }

  private LocalEcr startLocalEcr(Map<String, String> config) throws Exception {
    SortedMap<String, List<FakeRule>> rules = LocalEcr.read(options.rulesFile());
    LocalEcr ecr = life.start("local ECR endpoint", () -> LocalEcr.start(options.ecrPort(), rules));
    config.put(REGIONS, rules.isEmpty() ? "us-east-1" : String.join(",", rules.keySet()));
    config.put(ENDPOINT, ecr.endpoint().toString());
    // The local endpoint takes any key; static keys keep the worker away from real credentials.
    config.put(ACCESS_KEY_ID, "AKIDLOCALQUICKSTART");
    config.put(SECRET_ACCESS_KEY, "local-endpoint-takes-any-secret");
    int count = rules.values().stream().mapToInt(List::size).sum();
    console.status(
        "local ECR endpoint     %-26s %d rules of %s in %s, account %s",
        ecr.endpoint(), count, options.rulesFile(), config.get(REGIONS), LocalEcr.ACCOUNT);
    return ecr;
  }

  private void watchRules(LocalEcr ecr, Duration poll) {
    Path file = options.rulesFile();
    ecr.watch(
        file,
        changes ->
            console.status(
                "%s saved: %s; the events follow within one poll (%s)", file, changes, human(poll)),
        problem ->
            console.status("%s not applied (the endpoint keeps its rules): %s", file, problem));
    console.status(
        "edit %s and save it to create, update or delete rules; Ctrl-C stops everything", file);
  }

  private void awaitRestApi(ConnectWorker worker, ConnectRest rest) throws Exception {
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (!rest.isUp()) {
      life.checkNotStopping();
      if (!worker.isAlive()) {
        throw workerExited(worker, "before its REST API came up");
      }
      if (Instant.now().isAfter(deadline)) {
        throw new QuickStartException(
            "the Connect worker's REST API did not come up within "
                + human(STARTUP_TIMEOUT)
                + "; see "
                + worker.log());
      }
      Thread.sleep(CHECK.toMillis()); // polling interval of a deadline-bounded wait
    }
  }

  private QuickStartException workerExited(ConnectWorker worker, String when) {
    List<String> tail = worker.logTail(LOG_TAIL);
    if (tail.stream().anyMatch(l -> l.contains("Address already in use"))) {
      return Ports.inUse(options.restPort(), "Connect REST API", "--rest-port");
    }
    console.error("the end of " + worker.log() + ":");
    tail.forEach(console::detail);
    return new QuickStartException(
        "the Connect worker exited (status " + worker.exitValue() + ") " + when);
  }

  /** PUT the config (retried while the worker is still joining its group), then await RUNNING. */
  private void createConnector(
      ConnectWorker worker, ConnectRest rest, String name, Map<String, String> config)
      throws Exception {
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (true) {
      life.checkNotStopping();
      ConnectRest.Answer answer;
      try {
        answer = rest.putConnector(name, config);
      } catch (IOException e) {
        answer = new ConnectRest.Answer(503, e.toString()); // e.g. a connection reset: retried
      }
      if (answer.code() == 200 || answer.code() == 201) {
        break;
      }
      if (answer.code() == 400) {
        throw new QuickStartException(
            "the worker rejected the connector config: " + answer.message());
      }
      if (Instant.now().isAfter(deadline) || (answer.code() != 409 && answer.code() < 500)) {
        throw new QuickStartException(
            "creating the connector failed (" + answer.code() + "): " + answer.message());
      }
      Thread.sleep(CHECK.toMillis()); // the worker is joining its group: retry until the deadline
    }
    while (true) {
      life.checkNotStopping();
      if (!worker.isAlive()) {
        throw workerExited(worker, "while starting the connector");
      }
      ConnectRest.Status status = rest.status(name);
      if (status != null && status.failed()) {
        throw connectorFailed(status);
      }
      if (status != null && status.running()) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new QuickStartException("the connector did not start: " + status);
      }
      Thread.sleep(CHECK.toMillis()); // polling interval of a deadline-bounded wait
    }
  }

  private QuickStartException connectorFailed(ConnectRest.Status status) {
    String[] trace = status.failure().split("\n");
    for (int i = 1; i < Math.min(trace.length, 4); i++) {
      console.detail(trace[i].strip());
    }
    return new QuickStartException("the connector failed: " + trace[0]);
  }

  /** Runs until Ctrl-C; fails if the worker dies or the connector or a task fails. */
  private void monitor(ConnectWorker worker, ConnectRest rest, String name) throws Exception {
    Instant nextStatus = Instant.now().plus(STATUS_EVERY);
    Instant nextProgress = Instant.now().plus(PROGRESS_EVERY);
    ConnectRest.Status status = null;
    while (true) {
      life.checkNotStopping();
      if (!worker.isAlive()) {
        throw workerExited(worker, "unexpectedly");
      }
      Instant now = Instant.now();
      if (now.isAfter(nextStatus)) {
        try {
          status = rest.status(name);
        } catch (IOException e) {
          log.warn("Connect REST status: {}", e.toString()); // the worker is checked above
        }
        if (status != null && status.failed()) {
          throw connectorFailed(status);
        }
        nextStatus = now.plus(STATUS_EVERY);
      }
      if (!arrived.get() && now.isAfter(nextProgress)) {
        console.status(
            "still waiting for the first snapshot (%s since start, %s)",
            human(Duration.between(startedAt, now)),
            status == null ? "connector starting" : status);
        nextProgress = now.plus(PROGRESS_EVERY);
      }
      Thread.sleep(CHECK.toMillis()); // the check interval of a supervisor loop
    }
  }

  private void firstArrival(Arrival record) {
    arrived.set(true);
    Duration total = Duration.between(startedAt, Instant.now());
    String build = System.getenv("QUICKSTART_BUILD_MS");
    console.status(
        "first %s after %.1f s%s",
        record.topic().equals(topic) ? "event" : "snapshot (stored without events)",
        total.toMillis() / 1000.0,
        build == null || !build.matches("\\d+")
            ? ""
            : String.format(
                " (the Maven build took %.1f s of it)", Long.parseLong(build) / 1000.0));
  }

  /** When ./run started: the script passes its start time, else this JVM's. */
  private static Instant startedAt() {
    String env = System.getenv("QUICKSTART_STARTED_AT_MS");
    if (env != null && env.matches("\\d+")) {
      return Instant.ofEpochMilli(Long.parseLong(env));
    }
    return ProcessHandle.current().info().startInstant().orElseGet(Instant::now);
  }

  static String human(Duration duration) {
    long ms = duration.toMillis();
    if (ms % 60_000 == 0) {
      return ms / 60_000 + " min";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + " s";
    }
    return ms < 1000 ? ms + " ms" : String.format("%.1f s", ms / 1000.0);
  }

  static String usage() {
    try (InputStream in =
        QuickStart.class.getClassLoader().getResourceAsStream("quickstart/usage.txt")) {
      return in == null
          ? "see docs/quickstart.md, section Options\n"
          : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "see docs/quickstart.md, section Options\n";
    }
  }
}
