package io.github.ecrconnect.ptc.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's launcher removes Jetty's JVM shutdown hook, which on SIGTERM races Connect's own and
 * can leave a Kafka 4.x worker hanging in its REST server's stop; and it runs the main class it is
 * given.
 */
class WithoutJettyShutdownHookTest {
  @TempDir Path dir;

  @Test
  void removesJettysShutdownHookAndRunsTheMainClass() throws Exception {
    assertThat(runProbe(true)).contains("jetty hook removed");
  }

  @Test
  void withoutTheLauncherJettysHookStays() throws Exception {
    assertThat(runProbe(false)).contains("jetty hook still registered");
  }

  private String runProbe(boolean throughLauncher) throws Exception {
    Path launcher =
        QuickstartResources.copy(
            "quickstart/WithoutJettyShutdownHook.java",
            dir.resolve("WithoutJettyShutdownHook.java"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        throughLauncher
            ? List.of(java, launcher.toString(), JettyHookProbe.class.getName(), "60")
            // Nothing else removes it: a few seconds show that it stays.
            : List.of(java, JettyHookProbe.class.getName(), "3");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
    Process probe = builder.start();
    assertThat(probe.waitFor(90, TimeUnit.SECONDS)).as("the probe ended").isTrue();
    return new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
