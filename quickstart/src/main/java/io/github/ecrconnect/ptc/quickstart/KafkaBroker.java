package io.github.ecrconnect.ptc.quickstart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller), in this JVM: what
 * {@code kafka-storage.sh format} and {@code kafka-server-start.sh} do, with its data in a
 * directory the caller removes.
 */
final class KafkaBroker implements AutoCloseable {
  private final KafkaRaftServer server;
  private final int port;

  private KafkaBroker(KafkaRaftServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * A broker starting on its own thread, so that other things start meanwhile. Stopping it waits
   * for the start to end, then stops the broker.
   */
  static final class Starting implements AutoCloseable {
    private final CompletableFuture<KafkaBroker> broker;

    private Starting(CompletableFuture<KafkaBroker> broker) {
      this.broker = broker;
    }

    /** The started broker; rethrows what failed its start. */
    KafkaBroker await() throws Exception {
      try {
        return broker.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception cause) {
          throw cause;
        }
        throw e;
      }
    }

    @Override
    public void close() {
      try {
        broker.join().close();
      } catch (CompletionException e) {
        // it did not start: nothing to stop
      }
    }
  }

  /** Starts the broker as {@link #start} does, on a new thread. */
  static Starting startInBackground(Path dataDir, int port, int controllerPort) {
    CompletableFuture<KafkaBroker> future = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                future.complete(start(dataDir, port, controllerPort));
              } catch (Throwable e) {
                future.completeExceptionally(e);
              }
            },
            "kafka-broker-start");
    thread.start();
    return new Starting(future);
  }

  /** Formats {@code dataDir} and starts the broker on 127.0.0.1:{@code port}. */
  static KafkaBroker start(Path dataDir, int port, int controllerPort) throws Exception {
    Path logDir = Files.createDirectories(dataDir.resolve("kraft-combined-logs"));
    Properties props = serverProperties(logDir, port, controllerPort);
    Path file = dataDir.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(file)) {
      props.store(out, "./run: single-node KRaft broker");
    }
    format(file);
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      server.shutdown();
      server.awaitShutdown();
      if (Ports.isBindFailure(e)) {
        throw Ports.inUse(port, "Kafka broker", "--kafka-port");
      }
      throw e;
    }
    return new KafkaBroker(server, port);
  }

  static Properties serverProperties(Path logDir, int port, int controllerPort) {
    String host = Ports.HOST;
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
    props.put(
        "listeners",
        "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("log.dirs", logDir.toString());
    // One node: internal topics with one replica and few partitions start fast.
    props.put("num.partitions", "1");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    // Topics are created by the Connect worker (KIP-158), with the settings the connector asks for.
    props.put("auto.create.topics.enable", "false");
    // The data is thrown away on exit: no need to hand partitions over first.
    props.put("controlled.shutdown.enable", "false");
    return props;
  }

  private static void format(Path serverProperties) throws IOException {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    String[] args = {
      "format",
      "--cluster-id",
      Uuid.randomUuid().toString(),
      "--config",
      serverProperties.toString()
    };
    int status;
    try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      status = storageTool(args, print);
    }
    if (status != 0) {
      throw new IOException(
          "formatting the broker's storage failed: " + output.toString(StandardCharsets.UTF_8));
    }
  }

  /**
   * {@code kafka-storage.sh args}, printing to {@code out}. Kafka 3.8 and later take the stream;
   * Kafka 3.7 (a cell of the compatibility matrix) prints to System.out, so that is swapped for the
   * call: ./run's console keeps the stream it was given at start (see {@link Console}). Reflection,
   * since the tests compile against each Kafka version of the matrix.
   */
  private static int storageTool(String[] args, PrintStream out) throws IOException {
    try {
      try {
        Method execute = StorageTool.class.getMethod("execute", String[].class, PrintStream.class);
        return (Integer) execute.invoke(null, args, out);
      } catch (NoSuchMethodException newerOnly) {
        Method execute = StorageTool.class.getMethod("execute", String[].class);
        PrintStream console = System.out;
        System.setOut(out);
        try {
          return (Integer) execute.invoke(null, (Object) args);
        } finally {
          System.setOut(console);
        }
      }
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IOException("formatting the broker's storage failed", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("this Kafka's StorageTool has no execute(String[])", e);
    }
  }

  String bootstrapServers() {
    return Ports.HOST + ":" + port;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
