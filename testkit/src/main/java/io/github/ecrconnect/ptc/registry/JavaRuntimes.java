package io.github.ecrconnect.ptc.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds a Java runtime of at least a given feature version for a child process, since the build
 * itself may run on an older one (the registry needs 21; the build needs only 17). Looks, in order,
 * at {@code $JAVA25_HOME}, the JVM running this code, and every JDK under /usr/lib/jvm.
 */
public final class JavaRuntimes {
  static final Path SYSTEM_JVMS = Path.of("/usr/lib/jvm");

  private JavaRuntimes() {}

  /** The {@code bin/java} of the first candidate with feature version {@code minimum} or later. */
  public static Optional<Path> find(int minimum) {
    return find(minimum, candidates());
  }

  static Optional<Path> find(int minimum, List<Path> homes) {
    return homes.stream()
        .filter(home -> featureVersion(home).orElse(0) >= minimum)
        .map(home -> home.resolve("bin/java"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** Where this method looks, for a message that says so when nothing fits. */
  public static String searched() {
    return "$JAVA25_HOME, java.home, " + SYSTEM_JVMS + "/*";
  }

  private static List<Path> candidates() {
    List<Path> homes = new ArrayList<>();
    String configured = System.getenv("JAVA25_HOME");
    if (configured != null && !configured.isBlank()) {
      homes.add(Path.of(configured));
    }
    homes.add(Path.of(System.getProperty("java.home")));
    if (Files.isDirectory(SYSTEM_JVMS)) {
      try (Stream<Path> jvms = Files.list(SYSTEM_JVMS)) {
        homes.addAll(jvms.sorted().collect(Collectors.toList()));
      } catch (IOException e) {
        // An unreadable directory holds no usable JDK: the other candidates still count.
      }
    }
    return homes;
  }

  /** The feature version (17, 21, 25) in a JDK's {@code release} file: JAVA_VERSION="25.0.3". */
  static Optional<Integer> featureVersion(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) {
      return Optional.empty();
    }
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(release)) {
      props.load(in);
    } catch (IOException e) {
      return Optional.empty();
    }
    String version = props.getProperty("JAVA_VERSION", "").replace("\"", "");
    String feature = version.split("[.+-]", 2)[0];
    try {
      return Optional.of(Integer.parseInt(feature));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
