package io.github.ecrconnect.ptc.avro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.function.Consumer;
import org.apache.avro.Schema;

/**
 * Changes to a schema as its JSON, the way a developer edits an .avsc: what the evolution tests
 * (ours and the registry's) apply to the published schemas.
 */
public final class SchemaEdits {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SchemaEdits() {}

  /** {@code schema} after {@code change} is applied to its JSON. */
  public static Schema edit(Schema schema, Consumer<ObjectNode> change) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(schema.toString());
      change.accept(root);
      return AvscFiles.parse(JSON.writeValueAsString(root));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next release as the evolution tests model it: Rule gains an optional, defaulted field. */
  public static Schema withOptionalRuleField(Schema envelope, String name) {
    return edit(
        envelope,
        root -> {
          ObjectNode added = fields(record(root, "before")).addObject().put("name", name);
          added.putArray("type").add("null").add("string");
          added.putNull("default");
        });
  }

  /** A change a FULL registry refuses: Rule gains a required field without a default. */
  public static Schema withRequiredRuleField(Schema envelope, String name) {
    return edit(
        envelope,
        root -> fields(record(root, "before")).addObject().put("name", name).put("type", "string"));
  }

  public static ArrayNode fields(ObjectNode record) {
    return (ArrayNode) record.get("fields");
  }

  public static ObjectNode field(ObjectNode record, String name) {
    for (JsonNode field : fields(record)) {
      if (field.get("name").asText().equals(name)) {
        return (ObjectNode) field;
      }
    }
    throw new IllegalArgumentException("no field " + name);
  }

  /** The record type of a field, also inside a ["null", record] union. */
  public static ObjectNode record(ObjectNode parent, String fieldName) {
    JsonNode type = field(parent, fieldName).get("type");
    if (type.isArray()) {
      for (JsonNode branch : type) {
        if (branch.isObject()) {
          return (ObjectNode) branch;
        }
      }
    }
    return (ObjectNode) type;
  }

  public static void remove(ArrayNode fields, String name) {
    for (Iterator<JsonNode> it = fields.elements(); it.hasNext(); ) {
      if (it.next().get("name").asText().equals(name)) {
        it.remove();
      }
    }
  }
}
