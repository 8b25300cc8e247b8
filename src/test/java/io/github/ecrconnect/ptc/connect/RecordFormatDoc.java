package io.github.ecrconnect.ptc.connect;

import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The generated parts of the record documentation: in {@code docs/records.md} a table per record of
 * the published {@code .avsc} files and one event as the real JsonConverter writes it, with and
 * without schemas; in {@code README.md} the same event, short.
 */
final class RecordFormatDoc {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DefaultPrettyPrinter PRETTY =
      new DefaultPrettyPrinter()
          .withSeparators(
              Separators.createDefaultInstance()
                  .withObjectFieldValueSpacing(Separators.Spacing.AFTER));

  static final Path README = Path.of("README.md");
  static final Path RECORDS_PAGE = Path.of("docs/records.md");

  /** From docs/records.md to the project root, where src/main/avro is. */
  private static final String RECORDS_PAGE_TO_ROOT = "../";

  private RecordFormatDoc() {}

  /** The generated blocks by page, and in each page by name. */
  static Map<Path, Map<String, String>> pages(Map<String, Schema> published) {
    Map<String, String> records = new LinkedHashMap<>();
    records.put(
        "record-schemas",
        tables(published, "Key.avsc", "Key") + tables(published, "Envelope.avsc", "Value"));
    records.put("json-examples", jsonExamples(SampleRecords.readmeExample()));
    records.put(
        "heartbeat-schemas",
        tables(published, "HeartbeatKey.avsc", "Heartbeat key")
            + tables(published, "Heartbeat.avsc", "Heartbeat value"));
    Map<Path, Map<String, String>> pages = new LinkedHashMap<>();
    pages.put(README, Map.of("example-event", shortExample(SampleRecords.readmeExample())));
    pages.put(RECORDS_PAGE, records);
    return pages;
  }

  /** One table for the file's record, then one for each record nested in it. */
  private static String tables(Map<String, Schema> published, String file, String role) {
    Schema record = published.get(file);
    String path = "src/main/avro/" + file;
    String link = "[`" + path + "`](" + RECORDS_PAGE_TO_ROOT + path + ")";
    StringBuilder text = new StringBuilder();
    table(record, role, link, text, new TreeSet<>());
    return text.toString();
  }

  private static void table(
      Schema record, String title, String link, StringBuilder text, Set<String> done) {
    done.add(record.getFullName());
    text.append("\n### ")
        .append(title)
        .append("\n\n")
        .append('`')
        .append(record.getFullName())
        .append("` in ")
        .append(link)
        .append(": ")
        .append(cell(record.getDoc()))
        .append("\n\n")
        .append("| field | type | default | meaning |\n")
        .append("| --- | --- | --- | --- |\n");
    for (Schema.Field field : record.getFields()) {
      text.append("| `")
          .append(field.name())
          .append("` | ")
          .append(typeName(field.schema()))
          .append(" | ")
          .append(field.hasDefaultValue() ? "`" + JSON.valueToTree(defaultOf(field)) + "`" : "")
          .append(" | ")
          .append(cell(field.doc()))
          .append(" |\n");
    }
    for (Schema.Field field : record.getFields()) {
      Schema nested = recordIn(field.schema());
      if (nested != null && !done.contains(nested.getFullName())) {
        table(nested, nested.getName(), link, text, done);
      }
    }
  }

  private static Object defaultOf(Schema.Field field) {
    Object value = field.defaultVal();
    return value == org.apache.avro.JsonProperties.NULL_VALUE ? null : value;
  }

  private static String typeName(Schema type) {
    switch (type.getType()) {
      case UNION:
        StringBuilder union = new StringBuilder();
        boolean nullable = false;
        for (Schema branch : type.getTypes()) {
          if (branch.getType() == Schema.Type.NULL) {
            nullable = true;
          } else {
            union.append(union.length() == 0 ? "" : " or ").append(typeName(branch));
          }
        }
        return nullable ? union + " or null" : union.toString();
      case RECORD:
        return "`" + type.getName() + "`";
      case ARRAY:
        return "array of " + typeName(type.getElementType());
      default:
        LogicalType logical = type.getLogicalType();
        return logical == null ? type.getName() : logical.getName() + " (" + type.getName() + ")";
    }
  }

  private static Schema recordIn(Schema type) {
    if (type.getType() == Schema.Type.RECORD) {
      return type;
    }
    if (type.getType() == Schema.Type.UNION) {
      return type.getTypes().stream()
          .map(RecordFormatDoc::recordIn)
          .filter(java.util.Objects::nonNull)
          .findFirst()
          .orElse(null);
    }
    return null;
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** The key on one line and the value without schemas: what a reader of the README needs. */
  private static String shortExample(SourceRecord record) {
    try {
      String key = JSON.writeValueAsString(JSON.readTree(json(record, false, true)));
      return "\nKey: `" + key + "`\n\nValue:\n\n" + fenced(json(record, false, false));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String jsonExamples(SourceRecord record) {
    return "\nKey, as `JsonConverter` writes it with `schemas.enable=false`:\n\n"
        + fenced(json(record, false, true))
        + "\nValue:\n\n"
        + fenced(json(record, false, false))
        + "\n<details><summary>The same record with <code>schemas.enable=true</code></summary>\n\n"
        + "Key:\n\n"
        + fenced(json(record, true, true))
        + "\nValue:\n\n"
        + fenced(json(record, true, false))
        + "\n</details>\n";
  }

  private static String fenced(String json) {
    return "```json\n" + json + "\n```\n";
  }

  private static String json(SourceRecord record, boolean schemas, boolean key) {
    try (JsonConverter converter = new JsonConverter()) {
      converter.configure(Map.of("schemas.enable", String.valueOf(schemas)), key);
      byte[] bytes =
          key
              ? converter.fromConnectData(record.topic(), record.keySchema(), record.key())
              : converter.fromConnectData(record.topic(), record.valueSchema(), record.value());
      return JSON.writer(PRETTY)
          .writeValueAsString(JSON.readTree(new String(bytes, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
