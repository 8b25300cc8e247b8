package io.github.ecrconnect.ptc.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * The source manifest.json at the repository root: complete, and with its version, name, owner and
 * date taken from the pom by filtering (so they cannot drift from it). PluginArchiveIT checks the
 * filtered copy inside the archive.
 */
class ManifestTest {
  private final JsonNode manifest =
      ManifestContract.parse(ProjectFiles.read(ProjectFiles.path("manifest.json")));

  @Test
  void hasEveryFieldConfluentHubShows() {
    ManifestContract.assertComplete(manifest);
  }

  @Test
  void versionNameOwnerAndDateComeFromThePom() {
    assertThat(manifest.path("version").asText()).isEqualTo("${project.version}");
    assertThat(manifest.path("name").asText()).isEqualTo("${project.artifactId}");
    assertThat(manifest.path("owner").path("username").asText()).isEqualTo("${component.owner}");
    assertThat(manifest.path("release_date").asText()).isEqualTo("${component.release.date}");
    // The release date is an ISO date (Confluent Hub's format); parse() throws otherwise.
    assertThat(LocalDate.parse(ProjectFiles.pomProperty("component.release.date"))).isNotNull();
  }

  @Test
  void licenceIsThePomsLicence() {
    assertThat(manifest.path("license").get(0).path("name").asText())
        .isEqualTo("Apache License 2.0");
    assertThat(ProjectFiles.read(ProjectFiles.path("pom.xml")))
        .contains("<name>Apache License 2.0</name>");
  }
}
