package io.github.ecrconnect.ptc.avro;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Checks a schema change the way a schema registry does (FULL = BACKWARD and FORWARD), and says
 * which field breaks it.
 *
 * <p>Avro's {@link SchemaCompatibility} gives the verdict. Its own report does not name a field
 * nested in a nullable record (a new required field in {@code before}'s Rule is reported as "reader
 * union lacking writer type: RECORD" at a JSON pointer of positions), so a failed check is followed
 * by a walk over both schemas, field by field, to the deepest field Avro rejects.
 */
public final class SchemaEvolution {
  private SchemaEvolution() {}

  /**
   * What breaks when {@code current} replaces {@code released}; empty when both directions hold.
   *
   * @param label names the released version in messages, e.g. "v1"
   */
  public static List<String> problems(String label, Schema released, Schema current) {
    List<String> problems = new ArrayList<>();
    problems.addAll(
        check(
            "BACKWARD (the current schema cannot read data written with " + label + ")",
            current,
            released));
    problems.addAll(
        check(
            "FORWARD (readers still on " + label + " cannot read data written now)",
            released,
            current));
    return problems;
  }

  private static List<String> check(String direction, Schema reader, Schema writer) {
    SchemaCompatibilityResult verdict =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
    if (verdict.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
      return List.of();
    }
    List<String> located = new ArrayList<>();
    locate(reader, writer, reader.getName(), located);
    if (located.isEmpty()) {
      // The walk found no single field: report Avro's own findings rather than nothing.
      located.add(reader.getName() + ": " + describe(verdict.getIncompatibilities()));
    }
    return located.stream().map(p -> direction + ": " + p).collect(Collectors.toList());
  }

  /** Adds a problem for each field under {@code path} that Avro's check rejects. */
  private static void locate(Schema reader, Schema writer, String path, List<String> out) {
    Schema readerRecord = recordIn(reader);
    Schema writerRecord = recordIn(writer);
    if (readerRecord == null || writerRecord == null) {
      return;
    }
    if (!readerRecord.getFullName().equals(writerRecord.getFullName())) {
      out.add(
          path
              + ": record renamed from "
              + writerRecord.getFullName()
              + " to "
              + readerRecord.getFullName());
      return;
    }
    for (Schema.Field readerField : readerRecord.getFields()) {
      String fieldPath = path + "." + readerField.name();
      Schema.Field writerField = writerRecord.getField(readerField.name());
      if (writerField == null) {
        if (!readerField.hasDefaultValue()) {
          out.add(
              fieldPath
                  + ": the reader has this field without a default and the writer does not have"
                  + " it (a required field added or removed; give it a default, e.g. make it"
                  + " optional with default null)");
        }
        continue;
      }
      SchemaCompatibilityResult field =
          SchemaCompatibility.checkReaderWriterCompatibility(
                  readerField.schema(), writerField.schema())
              .getResult();
      if (field.getCompatibility() == SchemaCompatibilityType.INCOMPATIBLE) {
        int before = out.size();
        locate(readerField.schema(), writerField.schema(), fieldPath, out);
        if (out.size() == before) {
          out.add(fieldPath + ": " + describe(field.getIncompatibilities()));
        }
      }
    }
  }

  /** The record itself, or the record branch of a union such as ["null", Rule]. */
  private static Schema recordIn(Schema schema) {
    if (schema.getType() == Schema.Type.RECORD) {
      return schema;
    }
    if (schema.getType() == Schema.Type.UNION) {
      return schema.getTypes().stream()
          .filter(branch -> branch.getType() == Schema.Type.RECORD)
          .findFirst()
          .orElse(null);
    }
    return null;
  }

  private static String describe(List<Incompatibility> incompatibilities) {
    return incompatibilities.stream()
        .map(i -> i.getType() + " " + i.getMessage())
        .collect(Collectors.joining("; "));
  }
}
