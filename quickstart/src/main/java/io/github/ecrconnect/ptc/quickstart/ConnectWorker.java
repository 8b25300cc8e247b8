package io.github.ecrconnect.ptc.quickstart;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Kafka Connect worker in distributed mode, in its own JVM ({@code ConnectDistributed}, as {@code
 * connect-distributed.sh} starts it) whose classpath holds Kafka and Connect jars only: the
 * connector comes from the plugin directory on {@code plugin.path}.
 *
 * <p>The JVM runs under a small shell wrapper that ignores SIGINT (Ctrl-C reaches ./run, which
 * stops the worker before the broker it depends on) and stops the worker with SIGTERM when its
 * standard input closes: when ./run stops it, or when ./run dies, however it dies.
 */
final class ConnectWorker implements AutoCloseable {
  static final String GROUP_ID = "ecr-quickstart";
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration DUMP_TIMEOUT = Duration.ofSeconds(15);

  private final Process process;
  private final OutputStream stdin;
  private final Path log;
  private final int restPort;
  private final Duration stopTimeout;

  private ConnectWorker(Process process, Path log, int restPort) {
    this(process, log, restPort, STOP_TIMEOUT);
  }

  /** For tests: a shorter wait for the stop. */
  ConnectWorker(Process process, Path log, int restPort, Duration stopTimeout) {
    this.process = process;
    this.stdin = process.getOutputStream();
    this.log = log;
    this.restPort = restPort;
    this.stopTimeout = stopTimeout;
  }

  /**
   * What the worker needs; {@code env} adds to the environment it inherits, {@code properties}
   * (converters, say) to the worker properties, replacing the defaults.
   */
  record Settings(
      List<Path> classpath,
      Path workDir,
      List<Path> pluginPath,
      String bootstrapServers,
      int restPort,
      Path log,
      Map<String, String> env,
      Map<String, String> properties) {}

  static ConnectWorker launch(Settings settings) throws IOException {
    Path props = settings.workDir().resolve("connect-distributed.properties");
    try (OutputStream out = Files.newOutputStream(props)) {
      workerProperties(settings).store(out, "./run: Kafka Connect worker, distributed mode");
    }
    // Kafka 3.x workers log through reload4j, Kafka 4.x distributions through log4j2: each reads
    // its own file and ignores the other's property.
    Path work = settings.workDir();
    Path log4j =
        QuickstartResources.copy(
            "quickstart/worker-log4j.properties", work.resolve("connect-log4j.properties"));
    Path log4j2 =
        QuickstartResources.copy(
            "quickstart/worker-log4j2.properties", work.resolve("connect-log4j2.properties"));
    Path wrapper =
        QuickstartResources.copy("quickstart/worker-wrapper.sh", work.resolve("connect-worker.sh"));
    Path launcher =
        QuickstartResources.copy(
            "quickstart/WithoutJettyShutdownHook.java",
            work.resolve("WithoutJettyShutdownHook.java"));
    Files.createDirectories(settings.log().getParent());
    List<String> command = new ArrayList<>();
    command.add("bash");
    command.add(wrapper.toString());
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xms128m");
    command.add("-Xmx768m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1"); // faster start-up; peak speed does not matter here
    command.add("-Djava.awt.headless=true");
    command.add("-Dlog4j.configuration=" + log4j.toUri());
    command.add("-Dlog4j2.configurationFile=" + log4j2.toUri());
    // ConnectDistributed, through a launcher that removes Jetty's shutdown hook: on SIGTERM it
    // races Connect's own, and a Kafka 4.x worker can then hang in its REST server's stop.
    command.add(launcher.toString());
    command.add("org.apache.kafka.connect.cli.ConnectDistributed");
    command.add(props.toString());
    ProcessBuilder builder = new ProcessBuilder(command);
    // The classpath goes in the environment: Kafka and Connect jars only (see PluginInstall).
    builder
        .environment()
        .put(
            "CLASSPATH",
            settings.classpath().stream()
                .map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator)));
    builder.environment().putAll(settings.env());
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.to(settings.log().toFile()));
    return new ConnectWorker(builder.start(), settings.log(), settings.restPort());
  }

  static Properties workerProperties(Settings settings) {
    Properties props = new Properties();
    props.put("bootstrap.servers", settings.bootstrapServers());
    props.put("group.id", GROUP_ID);
    props.put("listeners", "http://" + Ports.HOST + ":" + settings.restPort());
    props.put("rest.advertised.host.name", Ports.HOST);
    props.put("rest.advertised.port", Integer.toString(settings.restPort()));
    props.put(
        "plugin.path",
        settings.pluginPath().stream().map(Path::toString).collect(Collectors.joining(",")));
    // Every plugin, ours included, is registered for the ServiceLoader: no slow classpath scan.
    props.put("plugin.discovery", "service_load");
    props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    // Readable records for --json and any console consumer; the schemas are in the .avsc files.
    props.put("key.converter.schemas.enable", "false");
    props.put("value.converter.schemas.enable", "false");
    props.put("config.storage.topic", "connect-configs");
    props.put("offset.storage.topic", "connect-offsets");
    props.put("status.storage.topic", "connect-status");
    props.put("config.storage.replication.factor", "1");
    props.put("offset.storage.replication.factor", "1");
    props.put("offset.storage.partitions", "1");
    props.put("status.storage.replication.factor", "1");
    props.put("status.storage.partitions", "1");
    props.put("offset.flush.interval.ms", "5000");
    props.put("scheduled.rebalance.max.delay.ms", "0");
    props.putAll(settings.properties());
    return props;
  }

  String restUrl() {
    return "http://" + Ports.HOST + ":" + restPort;
  }

  Path log() {
    return log;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  int exitValue() {
    return process.exitValue();
  }

  /** The last lines of the worker's log, for a failure message. */
  List<String> logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return all.subList(Math.max(0, all.size() - lines), all.size());
    } catch (IOException | UncheckedIOException e) {
      return List.of("(cannot read " + log + ": " + e + ")");
    }
  }

  /**
   * Stops the worker as SIGTERM does (it stops its connector and tasks, commits offsets, leaves the
   * group); after {@link #STOP_TIMEOUT}, writes its threads beside its log and kills it and
   * everything it started.
   */
  @Override
  public void close() throws IOException {
    try {
      stdin.close();
    } catch (IOException e) {
      // the wrapper is gone already
    }
    try {
      if (process.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Path threads = threadDump();
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    throw new IOException(
        "the Connect worker did not stop within "
            + stopTimeout.toSeconds()
            + " s; killed it"
            + (threads != null
                ? " (its threads before that: " + threads + ", its log: " + log + ")"
                : ""));
  }

  /**
   * Writes the worker JVM's threads ({@code jcmd Thread.print}) beside its log, so that a stop that
   * hangs says where; null if the JDK has no jcmd or the dump fails.
   */
  private Path threadDump() {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Path out = log.resolveSibling("worker-threads.txt");
    ProcessHandle jvm =
        process
            .descendants()
            .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
            .findFirst()
            .orElse(null);
    if (jvm == null || !Files.isExecutable(jcmd)) {
      return null;
    }
    try {
      Process dump =
          new ProcessBuilder(jcmd.toString(), String.valueOf(jvm.pid()), "Thread.print")
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!dump.waitFor(DUMP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        dump.destroyForcibly();
        return null;
      }
      return dump.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
