package io.github.ecrconnect.ptc.containers;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import io.github.ecrconnect.ptc.packaging.ProjectFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
  private static final Logger LOG = LoggerFactory.getLogger(ContainerImages.class);
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
   * Skips the calling test unless every image (and Ryuk's, when Ryuk is enabled) is present on the
   * engine or can be pulled now. Uses a Docker client of its own, so that asking does not start
   * Ryuk.
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
    try (DockerClient client = DockerClientProviderStrategy.getClientForConfig(engine)) {
      for (String image : needed) {
        String missing = unavailableBecause(client, image);
        if (missing != null) {
          String reason =
              "image "
                  + image
                  + " "
                  + missing
                  + " (CI builds stand-ins: docker/ci/images.sh; see docs/docker.md)";
          // The build log shows skipped tests without their reason: say it here.
          LOG.warn("Skipping a container test: {}", reason);
          assumeTrue(false, reason);
        }
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
    AtomicReference<Throwable> failure = new AtomicReference<>();
    ResultCallback.Adapter<PullResponseItem> pull =
        new ResultCallback.Adapter<>() {
          // Keeps the error for the reason instead of logging its stack trace.
          @Override
          public void onError(Throwable error) {
            failure.compareAndSet(null, error);
            try {
              close();
            } catch (IOException e) {
              failure.get().addSuppressed(e);
            }
          }
        };
    try {
      boolean done =
          client
              .pullImageCmd(image)
              .exec(pull)
              .awaitCompletion(PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (!done) {
        return "is not present and was not pulled within " + PULL_TIMEOUT.toSeconds() + " s";
      }
      if (failure.get() != null) {
        return "is not present and cannot be pulled: " + failure.get().getMessage().strip();
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
