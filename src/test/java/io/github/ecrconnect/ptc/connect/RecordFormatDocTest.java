package io.github.ecrconnect.ptc.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.avro.AvscFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The documented record format (field tables and JSON examples in docs/records.md, the example
 * event of the README) is what the published {@code .avsc} files and the real JsonConverter say, so
 * the pages cannot drift from the contract.
 */
class RecordFormatDocTest {

  @Test
  void documentedRecordFormatMatchesThePublishedSchemasAndTheJsonConverter() throws Exception {
    Map<Path, Map<String, String>> pages = RecordFormatDoc.pages(AvscFiles.in(AvscFiles.PUBLISHED));
    for (Map.Entry<Path, Map<String, String>> page : pages.entrySet()) {
      assertPageIsCurrent(page.getKey(), page.getValue());
    }
  }

  private static void assertPageIsCurrent(Path page, Map<String, String> blocks) throws Exception {
    String text = Files.readString(page, StandardCharsets.UTF_8);
    if (Boolean.getBoolean("record.format.update")) {
      for (Map.Entry<String, String> block : blocks.entrySet()) {
        text = GeneratedBlocks.replace(page.toString(), text, block.getKey(), block.getValue());
      }
      Files.writeString(page, text, StandardCharsets.UTF_8);
    }
    for (Map.Entry<String, String> block : blocks.entrySet()) {
      assertThat(GeneratedBlocks.extract(page.toString(), text, block.getKey()))
          .as(
              "%s block '%s' is stale: run mvn test -Dtest=RecordFormatDocTest"
                  + " -Drecord.format.update=true",
              page, block.getKey())
          .isEqualTo(block.getValue());
    }
  }

  @Test
  void theExampleIsTheUpdateTheDocsDescribe() {
    org.apache.kafka.connect.data.Struct value =
        (org.apache.kafka.connect.data.Struct) SampleRecords.readmeExample().value();
    assertThat(value.getString(RecordSchemas.OP)).isEqualTo("u");
    assertThat(value.getArray(RecordSchemas.CHANGED_FIELDS)).containsExactly("credentialArn");
  }
}
