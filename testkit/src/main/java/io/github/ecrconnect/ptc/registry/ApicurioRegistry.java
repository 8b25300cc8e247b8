package io.github.ecrconnect.ptc.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.TimeUnit;

/**
 * Apicurio Registry (in-memory storage) as a child process: started from its unpacked runnable
 * archive with a Java 21+ runtime, bound to 127.0.0.1 only (HTTP and the management interface,
 * which otherwise listens on all addresses), ready once its Confluent-compatible API answers.
 * {@link #close()} stops it and waits; a shutdown hook does the same if the JVM exits first.
 */
public final class ApicurioRegistry implements AutoCloseable {
  /** The registry's runnable archive is built for Java 21 (class file version 65). */
  public static final int MINIMUM_JAVA = 21;

  private static final String HOST = "127.0.0.1";
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  private final Process process;
  private final URI base;
  private final Path log;
  private final Thread shutdownHook; // null when a launcher owns the process
  private Duration startTime = Duration.ZERO;

  private ApicurioRegistry(Process process, URI base, Path log, Thread shutdownHook) {
    this.process = process;
    this.base = base;
    this.log = log;
    this.shutdownHook = shutdownHook;
  }

  /**
   * Starts the registry unpacked in {@code home} (the folder with quarkus-run.jar) with {@code
   * java}, writes its output to {@code log}, and returns once its API answers, or fails after
   * {@code timeout} (or as soon as the process exits) with the end of its log.
   */
  public static ApicurioRegistry start(Path home, Path java, Path log, Duration timeout)
      throws IOException {
    return start(home, java, log, timeout, List.of());
  }

  /**
   * As {@link #start(Path, Path, Path, Duration)}, with the command prefixed by {@code launcher}: a
   * wrapper that owns the process (./run's stops it when its standard input closes, so that no
   * registry outlives a killed launcher). With a launcher there is no shutdown hook: the caller
   * stops the registry, in its own order.
   */
  public static ApicurioRegistry start(
      Path home, Path java, Path log, Duration timeout, List<String> launcher) throws IOException {
    Path runJar = home.resolve("quarkus-run.jar");
    if (!Files.isRegularFile(runJar)) {
      throw new IOException("no Apicurio Registry at " + home + " (quarkus-run.jar is missing)");
    }
    int httpPort = freePort();
    int managementPort = freePort();
    Files.createDirectories(log.toAbsolutePath().getParent());
    long started = System.nanoTime();
    List<String> command = new ArrayList<>(launcher);
    command.addAll(
        List.of(
            java.toString(),
            "-Xmx512m",
            "-Dquarkus.http.host=" + HOST,
            "-Dquarkus.http.port=" + httpPort,
            "-Dquarkus.management.host=" + HOST,
            "-Dquarkus.management.port=" + managementPort,
            "-jar",
            runJar.toString()));
    Process process =
        new ProcessBuilder(command)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Thread hook = null;
    if (launcher.isEmpty()) {
      hook = new Thread(process::destroyForcibly, "apicurio-registry-stop");
      Runtime.getRuntime().addShutdownHook(hook);
    }
    URI base = URI.create("http://" + HOST + ":" + httpPort);
    ApicurioRegistry registry = new ApicurioRegistry(process, base, log, hook);
    try {
      registry.awaitReady(timeout);
    } catch (IOException | RuntimeException e) {
      registry.close();
      throw e;
    }
    registry.startTime = Duration.ofNanos(System.nanoTime() - started);
    return registry;
  }

  /** http://127.0.0.1:port, the root of every API of the registry. */
  public URI base() {
    return base;
  }

  /** Confluent Schema Registry's API, as Confluent's clients and converters expect it. */
  public URI confluentApi() {
    return base.resolve("/apis/ccompat/v7");
  }

  /** Apicurio's own v2 API, the one Apicurio's 2.x converters and serdes talk to. */
  public URI apicurioV2Api() {
    return base.resolve("/apis/registry/v2");
  }

  /** From the start of the process until its API answered. */
  public Duration startTime() {
    return startTime;
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /** Stops the process (SIGTERM, then SIGKILL after a grace period) and waits for it to end. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly); // under a launcher
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    if (shutdownHook == null) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook runs anyway.
    }
  }

  private void awaitReady(Duration timeout) throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create(confluentApi() + "/subjects"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IOException(
            "Apicurio Registry exited with status " + process.exitValue() + "; " + logTail());
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for Apicurio Registry", e);
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "Apicurio Registry did not answer at "
                + probe.uri()
                + " within "
                + timeout
                + "; "
                + logTail());
      }
      try {
        process.waitFor(100, TimeUnit.MILLISECONDS); // the polling step of a bounded wait
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for Apicurio Registry", e);
      }
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return "last lines of "
          + log
          + ":\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "its log " + log + " is unreadable: " + e;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }
}
