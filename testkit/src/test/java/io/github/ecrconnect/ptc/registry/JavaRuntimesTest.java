package io.github.ecrconnect.ptc.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaRuntimesTest {
  @TempDir Path jvms;

  @Test
  void readsTheFeatureVersionFromTheReleaseFile() throws IOException {
    assertThat(JavaRuntimes.featureVersion(jdk("temurin-25", "25.0.3"))).contains(25);
    assertThat(JavaRuntimes.featureVersion(jdk("openjdk-17", "17.0.15"))).contains(17);
    assertThat(JavaRuntimes.featureVersion(jdk("java-8", "1.8.0_412"))).contains(1);
    assertThat(JavaRuntimes.featureVersion(jvms.resolve("no-such-jdk"))).isEmpty();
  }

  @Test
  void picksTheFirstRuntimeNewEnough() throws IOException {
    Path old = jdk("openjdk-17", "17.0.15");
    Path first = jdk("temurin-21", "21.0.5");
    Path second = jdk("temurin-25", "25.0.3");

    assertThat(JavaRuntimes.find(21, List.of(old, first, second)))
        .contains(first.resolve("bin/java"));
    assertThat(JavaRuntimes.find(25, List.of(old, first, second)))
        .contains(second.resolve("bin/java"));
    assertThat(JavaRuntimes.find(21, List.of(old))).isEmpty();
  }

  @Test
  void skipsAHomeWithoutAnExecutableJava() throws IOException {
    Path broken = jdk("broken-25", "25.0.3");
    Files.delete(broken.resolve("bin/java"));

    assertThat(JavaRuntimes.find(21, List.of(broken))).isEmpty();
  }

  private Path jdk(String name, String version) throws IOException {
    Path home = Files.createDirectories(jvms.resolve(name));
    Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
    Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\n");
    assertThat(java.toFile().setExecutable(true)).isTrue();
    return home;
  }
}
