package io.github.ecrconnect.ptc.it;

import io.github.ecrconnect.ptc.avro.AvscFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * The shipped .avsc files (the data lake's contract) compared with a schema as a registry holds it.
 * Two schemas agree when their Parsing Canonical Forms are equal (names, field order, types,
 * unions; not docs, defaults or Confluent's connect.* properties) and every logical type sits in
 * the same place, since the canonical form drops logical types.
 */
final class AvscContract {
  private final Map<String, Schema> byFullName;

  private AvscContract(Map<String, Schema> byFullName) {
    this.byFullName = byFullName;
  }

  /** Every .avsc in {@code directory}, read by {@link AvscFiles}; empty if it does not exist. */
  static AvscContract load(Path directory) {
    Map<String, Schema> byFullName = new TreeMap<>();
    if (Files.isDirectory(directory)) {
      AvscFiles.in(directory).values().forEach(s -> byFullName.put(s.getFullName(), s));
    }
    return new AvscContract(byFullName);
  }

  boolean isEmpty() {
    return byFullName.isEmpty();
  }

  Optional<Schema> schema(String fullName) {
    return Optional.ofNullable(byFullName.get(fullName));
  }

  /** Differences between a shipped schema and a registered one; empty if they agree. */
  static List<String> differences(Schema shipped, Schema registered) {
    List<String> differences = new ArrayList<>();
    String shippedForm = SchemaNormalization.toParsingForm(shipped);
    String registeredForm = SchemaNormalization.toParsingForm(registered);
    if (!shippedForm.equals(registeredForm)) {
      differences.add(
          "canonical forms differ:\n  shipped:    "
              + shippedForm
              + "\n  registered: "
              + registeredForm);
    }
    Map<String, String> shippedLogical = logicalTypes(shipped);
    Map<String, String> registeredLogical = logicalTypes(registered);
    if (!shippedLogical.equals(registeredLogical)) {
      differences.add(
          "logical types differ: shipped " + shippedLogical + ", registered " + registeredLogical);
    }
    return differences;
  }

  /** Path of every schema with a logical type (e.g. after.createdAt) -> its name. */
  static Map<String, String> logicalTypes(Schema schema) {
    Map<String, String> found = new LinkedHashMap<>();
    collect(schema, "", found, new ArrayList<>());
    return found;
  }

  private static void collect(
      Schema schema, String path, Map<String, String> found, List<String> seen) {
    LogicalType logical = schema.getLogicalType();
    if (logical != null) {
      found.put(path, logical.getName());
    }
    switch (schema.getType()) {
      case RECORD:
        if (seen.contains(schema.getFullName() + "@" + path)) {
          return;
        }
        seen.add(schema.getFullName() + "@" + path);
        for (Schema.Field field : schema.getFields()) {
          collect(
              field.schema(),
              path.isEmpty() ? field.name() : path + "." + field.name(),
              found,
              seen);
        }
        break;
      case UNION:
        schema.getTypes().forEach(branch -> collect(branch, path, found, seen));
        break;
      case ARRAY:
        collect(schema.getElementType(), path + "[]", found, seen);
        break;
      case MAP:
        collect(schema.getValueType(), path + "{}", found, seen);
        break;
      default:
        break;
    }
  }
}
