package io.github.ecrconnect.ptc.avro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaFormatter;

/** Reads a directory of self-contained {@code .avsc} files (each defines every type it uses). */
public final class AvscFiles {
  /** The published contract. Tests run in the project directory, as Maven runs them. */
  public static final Path PUBLISHED = Path.of("src/main/avro");

  /** One directory per released schema version: v1, v2, ... */
  public static final Path RELEASED = Path.of("src/test/resources/schemas");

  private static final ObjectMapper JSON = new ObjectMapper();

  private AvscFiles() {}

  /** The schemas of a directory by file name ({@code Key.avsc}), in name order. */
  public static Map<String, Schema> in(Path directory) {
    Map<String, Schema> schemas = new TreeMap<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files.sorted()::iterator) {
        if (file.getFileName().toString().endsWith(".avsc")) {
          schemas.put(file.getFileName().toString(), parse(Files.readString(file)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return schemas;
  }

  /** The full JSON of a schema, docs and defaults included, one way for every comparison. */
  public static String pretty(Schema schema) {
    return SchemaFormatter.format("json/pretty", schema);
  }

  /** Parses one schema; a fresh parser each time, so no file relies on another's types. */
  public static Schema parse(String json) {
    return new Schema.Parser().parse(json);
  }

  /**
   * {@code schema} without the {@code connect.*} properties that Connect's AvroData (in Confluent's
   * and Apicurio's AvroConverter) adds to the schema it registers.
   */
  public static Schema withoutConnectProperties(Schema schema) {
    try {
      return parse(stripConnectProperties(JSON.readTree(schema.toString())).toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode stripConnectProperties(JsonNode node) {
    if (node.isObject()) {
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        if (names.next().startsWith("connect.")) {
          names.remove();
        }
      }
    }
    node.forEach(AvscFiles::stripConnectProperties);
    return node;
  }
}
