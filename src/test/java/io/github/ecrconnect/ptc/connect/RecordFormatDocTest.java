package io.github.ecrconnect.ptc.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.avro.AvscFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's record format (field tables, JSON examples) is what the published {@code .avsc}
 * files and the real JsonConverter say, so the page cannot drift from the contract.
 */
class RecordFormatDocTest {
  private static final Path README = Path.of("README.md");

  @Test
  void readmeRecordFormatMatchesThePublishedSchemasAndTheJsonConverter() throws Exception {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    Map<String, String> blocks = RecordFormatDoc.blocks(AvscFiles.in(AvscFiles.PUBLISHED));
    if (Boolean.getBoolean("record.format.update")) {
      String updated = readme;
      for (Map.Entry<String, String> block : blocks.entrySet()) {
        updated = ReadmeBlocks.replace(updated, block.getKey(), block.getValue());
      }
      Files.writeString(README, updated, StandardCharsets.UTF_8);
      readme = updated;
    }
    for (Map.Entry<String, String> block : blocks.entrySet()) {
      assertThat(ReadmeBlocks.extract(readme, block.getKey()))
          .as("README.md block '%s' is stale: run mvn test -Dtest=RecordFormatDocTest"
              + " -Drecord.format.update=true", block.getKey())
          .isEqualTo(block.getValue());
    }
  }

  @Test
  void theExampleIsTheUpdateTheReadmeDescribes() {
    org.apache.kafka.connect.data.Struct value =
        (org.apache.kafka.connect.data.Struct) SampleRecords.readmeExample().value();
    assertThat(value.getString(RecordSchemas.OP)).isEqualTo("u");
    assertThat(value.getArray(RecordSchemas.CHANGED_FIELDS)).containsExactly("credentialArn");
  }
}
