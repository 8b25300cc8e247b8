package io.github.ecrconnect.ptc.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of a Confluent Hub manifest.json that this component promises, checked on the source
 * (with build placeholders) and on the filtered copy inside the archive.
 */
final class ManifestContract {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ManifestContract() {}

  static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("manifest.json is not valid JSON", e);
    }
  }

  static void assertComplete(JsonNode manifest) {
    for (String field :
        List.of(
            "name",
            "version",
            "title",
            "description",
            "documentation_url",
            "source_url",
            "release_date")) {
      assertThat(manifest.path(field).isTextual()).as("%s is a string", field).isTrue();
      assertThat(manifest.path(field).asText()).as(field).isNotBlank();
    }
    assertThat(manifest.path("owner").path("username").asText()).isNotBlank();
    assertThat(manifest.path("owner").path("type").asText()).isIn("organization", "user");
    assertThat(manifest.path("owner").path("name").asText()).isNotBlank();
    assertThat(manifest.path("support").path("summary").asText()).isNotBlank();
    assertThat(texts(manifest.path("tags"))).isNotEmpty();
    assertThat(texts(manifest.path("requirements"))).isNotEmpty();
    assertThat(texts(manifest.path("component_types"))).containsExactly("source", "transform");

    JsonNode features = manifest.path("features");
    assertThat(texts(features.path("supported_encodings")))
        .containsExactlyInAnyOrder("avro", "json", "any");
    assertThat(features.path("single_message_transforms").asBoolean(false)).isTrue();
    assertThat(features.path("kafka_connect_api").asBoolean(false)).isTrue();
    assertThat(texts(features.path("delivery_guarantee")))
        .containsExactlyInAnyOrder("at_least_once", "exactly_once");

    JsonNode licenses = manifest.path("license");
    assertThat(licenses.isArray() && licenses.size() > 0)
        .as("license is a non-empty list")
        .isTrue();
    licenses.forEach(
        license -> {
          assertThat(license.path("name").asText()).isNotBlank();
          assertThat(license.path("url").asText()).startsWith("https://");
        });
    assertThat(manifest.path("documentation_url").asText()).startsWith("https://");
    assertThat(manifest.path("source_url").asText()).startsWith("https://");
  }

  static List<String> texts(JsonNode array) {
    assertThat(array.isArray()).as("%s is a list", array).isTrue();
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }
}
