package io.github.ecrconnect.ptc.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.packaging.DockerfileModel.Instruction;
import io.github.ecrconnect.ptc.packaging.DockerfileModel.Stage;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docker/Dockerfile, checked without a Docker engine (none runs in CI): what it copies from the
 * build context exists, what it unpacks is the archive `mvn package` really builds (so this runs
 * after package, as an IT), the plugin lands on the worker's plugin.path, the versions match the
 * pom, and the worker runs as a non-root user with no credentials in the image.
 */
class DockerImageIT {
  private static final Path DOCKERFILE = ProjectFiles.path("docker/Dockerfile");
  private static final Pattern ARCHIVE_IN_RUN = Pattern.compile("/src/(target/components/packages/\\S+\\.zip)");

  private final DockerfileModel dockerfile = DockerfileModel.read(DOCKERFILE);

  @Test
  void runsTheOfficialKafkaImageInTheVersionsOfThePom() {
    assertThat(dockerfile.last().image).isEqualTo("apache/kafka:${KAFKA_VERSION}");
    assertThat(dockerfile.globalArgs)
        .containsEntry("KAFKA_VERSION", ProjectFiles.pomProperty("kafka.version"))
        .containsEntry("CONFLUENT_VERSION", ProjectFiles.pomProperty("confluent.version"));
    assertThat(dockerfile.stages.stream().map(s -> s.name)).contains("build", "avro-converter");
  }

  @Test
  void everyPathCopiedFromTheBuildContextExists() {
    List<String> copied = new ArrayList<>();
    for (Stage stage : dockerfile.stages) {
      for (Instruction copy : stage.all("COPY")) {
        if (!copy.flags.containsKey("from")) {
          copied.addAll(copy.args.subList(0, copy.args.size() - 1));
        }
      }
    }
    assertThat(copied).isNotEmpty();
    assertThat(copied).allSatisfy(source -> assertThat(ProjectFiles.path(source)).as(source).exists());
  }

  /** What the assembly packs from the project directory, the build stage must have copied in. */
  @Test
  void buildStageCopiesEverythingTheArchiveIsMadeOf() {
    List<String> copied =
        dockerfile.stage("build").all("COPY").stream()
            .flatMap(c -> c.args.subList(0, c.args.size() - 1).stream())
            .map(s -> s.replaceAll("/$", ""))
            .collect(Collectors.toList());
    Matcher basedirPaths =
        Pattern.compile("\\$\\{project\\.basedir}/([^<]+)<")
            .matcher(ProjectFiles.read(ProjectFiles.path("src/assembly/confluent-hub.xml")));
    List<String> packed = new ArrayList<>(List.of("pom.xml", "src"));
    while (basedirPaths.find()) {
      packed.add(basedirPaths.group(1));
    }
    assertThat(copied).containsAll(packed);
  }

  @Test
  void buildStageUnpacksTheArchiveThatMavenBuilds() {
    String run =
        dockerfile.stage("build").all("RUN").stream()
            .map(i -> i.text)
            .filter(t -> t.contains("mvn"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no mvn RUN in the build stage"));
    Matcher archive = ARCHIVE_IN_RUN.matcher(run);
    assertThat(archive.find()).as("the RUN names the archive: %s", run).isTrue();

    Path built = ProjectFiles.root().relativize(PluginArchive.zipPath().toAbsolutePath());
    PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + archive.group(1));
    assertThat(glob.matches(built)).as("%s matches %s", archive.group(1), built).isTrue();
    assertThat(run).contains("package").contains("/plugins");
  }

  @Test
  void pluginsLandOnTheWorkersPluginPath() {
    Map<String, String> worker = ProjectFiles.properties(ProjectFiles.path("docker/connect-distributed.properties"));
    List<Instruction> fromStages =
        dockerfile.last().all("COPY").stream().filter(c -> c.flags.containsKey("from")).collect(Collectors.toList());
    assertThat(fromStages).extracting(c -> c.flags.get("from")).containsExactlyInAnyOrder("build", "avro-converter");
    assertThat(fromStages)
        .allSatisfy(c -> assertThat(c.args.get(c.args.size() - 1).replaceAll("/$", "")).isEqualTo(worker.get("plugin.path")));

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
    assertThat(text).doesNotContainPattern("(?m)^\\s*(ENV|ARG)\\s+AWS_").doesNotContainPattern("AKIA[0-9A-Z]{16}");
    assertThat(Files.exists(ProjectFiles.path("docker/Dockerfile.dockerignore"))).isTrue();
  }
}
