package io.github.ecrconnect.ptc.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the build unpacked Apicurio Registry (system property {@value #HOME_PROPERTY}, set by the
 * pom) and the Java 21+ runtime that can run it. {@link #find()} says why when either is missing,
 * so a test can skip with that reason and a launcher can print it.
 */
public final class RegistryInstallation {
  public static final String HOME_PROPERTY = "apicurio.registry.home";

  /** Set to true by -Dregistry.skip=true: the build did not unpack the registry on purpose. */
  public static final String SKIP_PROPERTY = "registry.skip";

  private final Path home;
  private final Path java;

  private RegistryInstallation(Path home, Path java) {
    this.home = home;
    this.java = java;
  }

  /** The installation, or an exception whose message says what is missing and how to get it. */
  public static RegistryInstallation find() throws RegistryUnavailableException {
    if (Boolean.getBoolean(SKIP_PROPERTY)) {
      throw new RegistryUnavailableException(
          "the schema registry tests are switched off (-D" + SKIP_PROPERTY + "=true)");
    }
    String configured = System.getProperty(HOME_PROPERTY);
    if (configured == null || configured.isBlank()) {
      throw new RegistryUnavailableException(
          "system property "
              + HOME_PROPERTY
              + " is not set (the pom sets it for the"
              + " integration tests: run them with mvn verify)");
    }
    Path home = Path.of(configured);
    if (!Files.isRegularFile(home.resolve("quarkus-run.jar"))) {
      throw new RegistryUnavailableException(
          "no Apicurio Registry unpacked at "
              + home
              + " (mvn verify unpacks it in"
              + " pre-integration-test)");
    }
    Optional<Path> java = JavaRuntimes.find(ApicurioRegistry.MINIMUM_JAVA);
    if (java.isEmpty()) {
      throw new RegistryUnavailableException(
          "Apicurio Registry needs Java "
              + ApicurioRegistry.MINIMUM_JAVA
              + " or later and none"
              + " was found (looked at "
              + JavaRuntimes.searched()
              + "); set JAVA25_HOME to a"
              + " JDK 21+");
    }
    return new RegistryInstallation(home, java.get());
  }

  /** Starts the registry; its output goes to {@code log}. */
  public ApicurioRegistry start(Path log, Duration timeout) throws java.io.IOException {
    return ApicurioRegistry.start(home, java, log, timeout);
  }

  /** Starts the registry under {@code launcher} (see {@link ApicurioRegistry#start}). */
  public ApicurioRegistry start(Path log, Duration timeout, java.util.List<String> launcher)
      throws java.io.IOException {
    return ApicurioRegistry.start(home, java, log, timeout, launcher);
  }

  public Path home() {
    return home;
  }

  public Path java() {
    return java;
  }
}
