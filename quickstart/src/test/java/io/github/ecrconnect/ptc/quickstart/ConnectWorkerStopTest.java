package io.github.ecrconnect.ptc.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker that does not stop in time is killed, and leaves its threads beside its log: the only
 * trace of where it hung once the process is gone.
 */
class ConnectWorkerStopTest {
  @TempDir Path dir;

  @Test
  void aWorkerThatDoesNotStopLeavesAThreadDumpAndIsKilled() throws Exception {
    Path source = dir.resolve("Hang.java");
    Files.writeString(
        source,
        "public class Hang { public static void main(String[] a) throws Exception {"
            + " System.out.println(\"started\"); Thread.sleep(600_000); } }");
    Path log = dir.resolve("worker.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Like the wrapper, a shell with the JVM as its child; unlike it, closing stdin stops nothing.
    Process shell =
        new ProcessBuilder("bash", "-c", "\"$0\" \"$1\" </dev/null & wait", java, source.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    ConnectWorker worker = new ConnectWorker(shell, log, 0, Duration.ofSeconds(1));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.readString(log).contains("started") && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(50); // polls the condition, bounded by the deadline
    }
    assertThat(Files.readString(log)).as("the JVM started").contains("started");

    Path threads = dir.resolve("worker-threads.txt");
    assertThatThrownBy(worker::close)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("did not stop within 1 s; killed it")
        .hasMessageContaining(threads.toString());
    assertThat(Files.readString(threads)).contains("\"main\"").contains("Hang.main");
    assertThat(shell.waitFor(10, TimeUnit.SECONDS)).as("killed").isTrue();
  }
}
