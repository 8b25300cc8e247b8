package io.github.ecrconnect.ptc.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.connect.RecordSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/**
 * Every released version of the contract stays readable: the published schemas must be FULL
 * compatible (backward and forward) with each schema of each release under {@code
 * src/test/resources/schemas/v<N>}, so a registry set to FULL_TRANSITIVE accepts them.
 *
 * <p>Releasing a changed schema: bump {@code RecordSchemas.VERSION} and copy {@code src/main/avro}
 * to {@code src/test/resources/schemas/v<VERSION>}; released directories are never edited.
 */
class ReleasedSchemasTest {
  private final Map<String, Schema> current = AvscFiles.in(AvscFiles.PUBLISHED);

  @Test
  void currentSchemasAreCompatibleWithEveryReleasedVersion() {
    List<String> problems = new ArrayList<>();
    for (Path release : releases()) {
      String label = release.getFileName().toString();
      AvscFiles.in(release)
          .forEach(
              (file, released) -> {
                Schema now = current.get(file);
                if (now == null) {
                  problems.add(file + ": released in " + label + " but no longer published");
                } else {
                  SchemaEvolution.problems(label, released, now)
                      .forEach(problem -> problems.add(file + ": " + problem));
                }
              });
    }
    assertThat(problems).as("incompatible schema changes").isEmpty();
  }

  @Test
  void everyPublishedSchemaBelongsToTheNewestRelease() {
    Path newest = releases().get(releases().size() - 1);
    assertThat(version(newest))
        .as("the newest release directory and RecordSchemas.VERSION (the Connect schema version)")
        .isEqualTo(RecordSchemas.VERSION);
    Map<String, Schema> released = AvscFiles.in(newest);
    assertThat(released.keySet())
        .as("files of %s; a new schema is released with a new version", newest)
        .isEqualTo(current.keySet());
    current.forEach(
        (file, schema) ->
            assertThat(SchemaNormalization.toParsingForm(schema))
                .as(
                    "%s differs from %s/%s in more than docs: release it as a new version",
                    file, newest, file)
                .isEqualTo(SchemaNormalization.toParsingForm(released.get(file))));
  }

  /** v1, v2, ... in version order (numerically, so v10 comes after v9). */
  static List<Path> releases() {
    try (Stream<Path> dirs = Files.list(AvscFiles.RELEASED)) {
      List<Path> releases =
          dirs.filter(dir -> dir.getFileName().toString().matches("v[0-9]+"))
              .sorted((a, b) -> Integer.compare(version(a), version(b)))
              .collect(Collectors.toList());
      assertThat(releases).as("released versions under %s", AvscFiles.RELEASED).isNotEmpty();
      return releases;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static int version(Path release) {
    return Integer.parseInt(release.getFileName().toString().substring(1));
  }
}
