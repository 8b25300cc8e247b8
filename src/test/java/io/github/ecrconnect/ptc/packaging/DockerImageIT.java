package io.github.ecrconnect.ptc.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.packaging.DockerfileModel.Instruction;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docker/Dockerfile and docker/build-image.sh, checked without a Docker engine (DockerComposeIT
 * builds and runs the image where one is): the image is built by the classic builder from what
 * build-image.sh prepares out of the archive `mvn package` really writes (so this runs after
 * package, as an IT), on a base image and with an Avro converter chosen by build arguments whose
 * defaults follow the pom, the plugins land on the worker's plugin.path, and the worker runs as a
 * non-root user with no credentials in the image.
 */
class DockerImageIT {
  private static final Path DOCKERFILE = ProjectFiles.path("docker/Dockerfile");
  private static final Path BUILD_SCRIPT = ProjectFiles.path("docker/build-image.sh");

  private final DockerfileModel dockerfile = DockerfileModel.read(DOCKERFILE);

  @Test
  void runsOnABaseImageArgumentThatDefaultsToTheOfficialKafkaImageOfThePom() {
    assertThat(dockerfile.stages).hasSize(1);
    assertThat(dockerfile.last().image).isEqualTo("${BASE_IMAGE}");
    assertThat(dockerfile.globalArgs)
        .containsEntry("KAFKA_VERSION", ProjectFiles.pomProperty("kafka.version"))
        .containsEntry("BASE_IMAGE", "apache/kafka:${KAFKA_VERSION}");
  }

  /** Debian's engine has only the classic builder: no BuildKit syntax, mounts or multi-stage. */
  @Test
  void needsNoBuildKit() {
    String text = ProjectFiles.read(DOCKERFILE);
    assertThat(text).doesNotContainPattern("(?m)^#\\s*syntax=").doesNotContain("--mount");
    assertThat(dockerfile.last().all("COPY"))
        .allSatisfy(c -> assertThat(c.flags).doesNotContainKey("from"));
    assertThat(dockerfile.last().all("RUN")).as("nothing is built inside Docker").isEmpty();
  }

  /** What the COPYs read is what build-image.sh writes, and .dockerignore lets it through. */
  @Test
  void copiesWhatTheBuildScriptPreparesAndTheIgnoreFileAllows() {
    String script = ProjectFiles.read(BUILD_SCRIPT);
    List<String> allowed =
        ProjectFiles.read(ProjectFiles.path(".dockerignore"))
            .lines()
            .filter(l -> l.startsWith("!"))
            .map(l -> l.substring(1))
            .collect(Collectors.toList());
    List<String> sources = copySources();
    assertThat(sources).isNotEmpty();
    for (String source : sources) {
      assertThat(allowed)
          .as("%s in .dockerignore's allowlist", source)
          .anySatisfy(a -> assertThat(source).startsWith(a));
      if (source.startsWith("target/docker/")) {
        assertThat(script)
            .as("build-image.sh writes %s", source)
            .contains(source.replace("${AVRO_CONVERTER}", "$AVRO_CONVERTER").replaceAll("/$", ""));
      } else {
        assertThat(ProjectFiles.path(source)).as(source).exists();
      }
    }
  }

  /** build-image.sh unpacks the archive that Maven builds. */
  @Test
  void buildScriptUnpacksTheArchiveThatMavenBuilds() {
    String script = ProjectFiles.read(BUILD_SCRIPT);
    assertThat(script).contains("target/components/packages/*.zip").contains("jar\" xf");
    Path built = ProjectFiles.root().relativize(PluginArchive.zipPath().toAbsolutePath());
    PathMatcher glob =
        FileSystems.getDefault().getPathMatcher("glob:target/components/packages/*.zip");
    assertThat(glob.matches(built)).as("%s is what build-image.sh looks for", built).isTrue();
  }

  @Test
  void avroConverterIsABuildArgumentWithConfluentsAndAnOpenSourceOne() {
    Instruction arg =
        dockerfile.last().all("ARG").stream()
            .filter(a -> a.args.get(0).startsWith("AVRO_CONVERTER="))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no ARG AVRO_CONVERTER"));
    assertThat(arg.args.get(0)).isEqualTo("AVRO_CONVERTER=confluent");
    String converterPom = ProjectFiles.read(ProjectFiles.path("docker/avro-converter/pom.xml"));
    assertThat(converterPom)
        .contains("<id>confluent</id>")
        .contains("<id>apicurio</id>")
        .contains(
            "<confluent.version>"
                + ProjectFiles.pomProperty("confluent.version")
                + "</confluent.version>")
        .contains(
            "<apicurio.version>"
                + ProjectFiles.pomProperty("apicurio.version")
                + "</apicurio.version>");
  }

  @Test
  void pluginsLandOnTheWorkersPluginPath() {
    Map<String, String> worker =
        ProjectFiles.properties(ProjectFiles.path("docker/connect-distributed.properties"));
    List<Instruction> plugins =
        dockerfile.last().all("COPY").stream()
            .filter(c -> c.args.get(0).startsWith("target/docker/"))
            .collect(Collectors.toList());
    assertThat(plugins).hasSize(2);
    assertThat(plugins)
        .allSatisfy(
            c ->
                assertThat(c.args.get(c.args.size() - 1))
                    .startsWith(worker.get("plugin.path") + "/"));

    Instruction configCopy =
        dockerfile.last().all("COPY").stream()
            .filter(c -> c.args.contains("docker/connect-distributed.properties"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the worker config is not copied"));
    String workerConfigInImage = configCopy.args.get(configCopy.args.size() - 1);
    assertThat(dockerfile.last().all("CMD").get(0).text).contains(workerConfigInImage);
  }

  @Test
  void workerRunsAsANonRootUserWithoutCredentials() {
    List<Instruction> users = dockerfile.last().all("USER");
    assertThat(users).isNotEmpty();
    assertThat(users.get(users.size() - 1).args.get(0)).isNotIn("root", "0", "0:0");
    String text = ProjectFiles.read(DOCKERFILE);
    assertThat(text)
        .doesNotContainPattern("(?m)^\\s*(ENV|ARG)\\s+AWS_")
        .doesNotContainPattern("AKIA[0-9A-Z]{16}");
  }

  private List<String> copySources() {
    return dockerfile.last().all("COPY").stream()
        .flatMap(c -> c.args.subList(0, c.args.size() - 1).stream())
        .collect(Collectors.toList());
  }
}
