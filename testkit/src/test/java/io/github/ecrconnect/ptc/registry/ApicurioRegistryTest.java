package io.github.ecrconnect.ptc.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start failures end quickly and say why; the real start is in SchemaRegistryIT. */
class ApicurioRegistryTest {
  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

  @TempDir Path home;

  @Test
  void aHomeWithoutTheRunnableJarIsNamed() {
    assertThatIOException()
        .isThrownBy(() -> start(Duration.ofSeconds(5)))
        .withMessageContaining("quarkus-run.jar is missing");
  }

  @Test
  void aProcessThatExitsFailsTheStartAtOnceWithTheEndOfItsLog() throws IOException {
    Files.writeString(home.resolve("quarkus-run.jar"), "not a jar");
    long started = System.nanoTime();

    assertThatIOException()
        .isThrownBy(() -> start(Duration.ofMinutes(2)))
        .withMessageContaining("exited with status 1")
        .withMessageContaining("last lines of");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
  }

  private ApicurioRegistry start(Duration timeout) throws IOException {
    return ApicurioRegistry.start(home, JAVA, home.resolve("log"), timeout);
  }
}
