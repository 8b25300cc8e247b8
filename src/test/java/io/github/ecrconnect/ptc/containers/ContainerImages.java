package io.github.ecrconnect.ptc.containers;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.github.ecrconnect.ptc.packaging.ProjectFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * The images container tests run, and whether this machine has them. Each name comes from an
 * environment variable (or the system property of the same name in lower case with dots), and
 * defaults to the real image; CI points the variables at stand-ins it builds without a registry
 * (docker/ci/images.sh). A test first calls {@link #assumeAvailable}: an image that is neither
 * present locally nor pullable within seconds skips the test with the reason, instead of letting
 * Testcontainers retry the pull for minutes. {@value #SKIP_PROPERTY}=true skips them all.
 */
public final class ContainerImages {
  private static final Duration PULL_TIMEOUT = Duration.ofSeconds(30);

  /** {@code -Dcontainers.skip=true} skips every container test (CI's later matrix cells). */
  public static final String SKIP_PROPERTY = "containers.skip";

  private ContainerImages() {}

  /** Apache Kafka's image in the pom's kafka.version, or ECR_IT_KAFKA_IMAGE. */
  public static DockerImageName kafka() {
    String real = "apache/kafka:" + ProjectFiles.pomProperty("kafka.version");
    return configured("ECR_IT_KAFKA_IMAGE", real).asCompatibleSubstituteFor("apache/kafka");
  }

  /** Confluent's Schema Registry image in the pom's confluent.version. */
  public static DockerImageName confluentSchemaRegistry() {
    return DockerImageName.parse(
        "confluentinc/cp-schema-registry:" + ProjectFiles.pomProperty("confluent.version"));
  }

  /** Confluent's Connect image in the pom's confluent.version. */
  public static DockerImageName confluentConnect() {
    return DockerImageName.parse(
        "confluentinc/cp-kafka-connect:" + ProjectFiles.pomProperty("confluent.version"));
  }

  static DockerImageName configured(String variable, String defaultName) {
    String property = System.getProperty(variable.toLowerCase(Locale.ROOT).replace('_', '.'));
    String env = System.getenv(variable);
    String name = property != null && !property.isBlank() ? property : env;
    return DockerImageName.parse(name != null && !name.isBlank() ? name : defaultName);
  }

  /**
   * Skips the calling test unless every image (and Ryuk's, when Ryuk is enabled) is present on
   * the engine or can be pulled now. Uses a Docker client of its own, so that asking does not
   * start Ryuk.
   */
  public static void assumeAvailable(DockerImageName... images) {
    assumeTrue(!Boolean.getBoolean(SKIP_PROPERTY), SKIP_PROPERTY + "=true");
    TransportConfig engine = engine();
    assumeTrue(engine != null, "no Docker engine");
    List<String> needed = new ArrayList<>();
    for (DockerImageName image : images) {
      needed.add(image.asCanonicalNameString());
    }
    if (!"true".equalsIgnoreCase(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
      needed.add(ryukImage());
    }
    try (DockerClient client =
        DockerClientProviderStrategy.getClientForConfig(engine)) {
      for (String image : needed) {
        String missing = unavailableBecause(client, image);
        assumeTrue(missing == null, () -> "image " + image + " " + missing
            + " (CI builds stand-ins: docker/ci/images.sh; see docs/docker.md)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The engine Testcontainers would use, or null. Unlike {@code isDockerAvailable()} (and so
   * {@code @Testcontainers(disabledWithoutDocker = true)}), this does not start Ryuk, whose image
   * pull alone retries for minutes where no registry is reachable.
   */
  private static TransportConfig engine() {
    try {
      return DockerClientFactory.instance().getTransportConfig();
    } catch (IllegalStateException noEngine) {
      return null;
    }
  }

  // Deprecated for configuring the image, still the one place that names the image Ryuk runs.
  @SuppressWarnings("deprecation")
  private static String ryukImage() {
    return TestcontainersConfiguration.getInstance().getRyukImage();
  }

  /** Null when the image is there (or was pulled); otherwise why it is not. */
  private static String unavailableBecause(DockerClient client, String image) {
    try {
      client.inspectImageCmd(image).exec();
      return null;
    } catch (NotFoundException notLocal) {
      // Not present: try one quick pull.
    }
    try {
      boolean done =
          client.pullImageCmd(image).start().awaitCompletion(PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (!done) {
        return "is not present and was not pulled within " + PULL_TIMEOUT.toSeconds() + " s";
      }
      client.inspectImageCmd(image).exec();
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "is not present (interrupted while pulling)";
    } catch (RuntimeException e) {
      return "is not present and cannot be pulled: " + e.getMessage();
    }
  }
}
