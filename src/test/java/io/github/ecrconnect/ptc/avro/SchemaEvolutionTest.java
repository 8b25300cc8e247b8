package io.github.ecrconnect.ptc.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The evolution check fails on the changes a registry set to FULL rejects, naming the field. */
class SchemaEvolutionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Schema envelope = AvscFiles.in(AvscFiles.PUBLISHED).get("Envelope.avsc");
  private final Schema heartbeat = AvscFiles.in(AvscFiles.PUBLISHED).get("Heartbeat.avsc");

  @Test
  void aNewRequiredFieldInANestedRecordBreaksBackwardAndIsNamed() {
    Schema changed = edit(envelope, root ->
        fields(record(root, "before")).addObject().put("name", "ownerTeam").put("type", "string"));

    // Rule is the type of both before and after: each use is named.
    assertThat(SchemaEvolution.problems("v1", envelope, changed))
        .hasSize(2)
        .allSatisfy(p -> assertThat(p).startsWith("BACKWARD").contains("without a default"))
        .anySatisfy(p -> assertThat(p).contains("Envelope.before.ownerTeam"))
        .anySatisfy(p -> assertThat(p).contains("Envelope.after.ownerTeam"));
  }

  @Test
  void aRemovedRequiredFieldBreaksForwardAndIsNamed() {
    Schema changed = edit(envelope, root -> remove(fields(record(root, "source")), "ts_ms"));

    assertThat(SchemaEvolution.problems("v1", envelope, changed))
        .singleElement(STRING)
        .startsWith("FORWARD (readers still on v1")
        .contains("Envelope.source.ts_ms");
  }

  @Test
  void aChangedTypeBreaksBothDirections() {
    Schema changed = edit(heartbeat, root -> field(root, "ruleCount").put("type", "string"));

    List<String> problems = SchemaEvolution.problems("v1", heartbeat, changed);
    assertThat(problems).hasSize(2).allSatisfy(p -> assertThat(p).contains("Heartbeat.ruleCount"));
    assertThat(problems.get(0)).startsWith("BACKWARD").contains("TYPE_MISMATCH");
    assertThat(problems.get(1)).startsWith("FORWARD");
  }

  @Test
  void anEnumForUpstreamRegistryWouldBreakBackward() {
    Schema changed = edit(envelope, root -> {
      ObjectNode upstream = field(record(root, "before"), "upstreamRegistry");
      ArrayNode union = upstream.putArray("type").add("null");
      ObjectNode kinds = union.addObject().put("type", "enum").put("name", "UpstreamRegistry");
      kinds.putArray("symbols").add("quay").add("k8s");
    });

    assertThat(SchemaEvolution.problems("v1", envelope, changed))
        .anySatisfy(p -> assertThat(p).startsWith("BACKWARD")
            .contains("Envelope.before.upstreamRegistry"));
  }

  @Test
  void makingAnOptionalFieldRequiredBreaksBackward() {
    Schema changed = edit(envelope, root -> {
      ObjectNode before = field(root, "before");
      before.set("type", before.get("type").get(1));
      before.remove("default");
      ObjectNode after = field(root, "after");
      after.put("type", "Rule");
      after.remove("default");
    });

    assertThat(SchemaEvolution.problems("v1", envelope, changed))
        .anySatisfy(p -> assertThat(p).startsWith("BACKWARD").contains("Envelope.before:"));
  }

  @Test
  void aRenamedRecordIsNamed() {
    Schema changed = edit(envelope, root -> record(root, "source").put("name", "Origin"));

    assertThat(SchemaEvolution.problems("v1", envelope, changed))
        .anySatisfy(p -> assertThat(p).contains("Envelope.source: record renamed"));
  }

  @Test
  void anOptionalFieldWithANullDefaultAndNewDocsAreCompatible() {
    Schema changed = edit(envelope, root -> {
      ObjectNode added = fields(record(root, "before")).addObject().put("name", "ownerTeam");
      added.putArray("type").add("null").add("string");
      added.putNull("default");
      field(root, "op").put("doc", "Reworded.");
    });

    assertThat(SchemaEvolution.problems("v1", envelope, changed)).isEmpty();
  }

  private static Schema edit(Schema schema, Consumer<ObjectNode> change) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(schema.toString());
      change.accept(root);
      return AvscFiles.parse(JSON.writeValueAsString(root));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static ArrayNode fields(ObjectNode record) {
    return (ArrayNode) record.get("fields");
  }

  private static ObjectNode field(ObjectNode record, String name) {
    for (JsonNode field : fields(record)) {
      if (field.get("name").asText().equals(name)) {
        return (ObjectNode) field;
      }
    }
    throw new AssertionError("no field " + name);
  }

  /** The record type of a field, also inside a ["null", record] union. */
  private static ObjectNode record(ObjectNode parent, String fieldName) {
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

  private static void remove(ArrayNode fields, String name) {
    for (Iterator<JsonNode> it = fields.elements(); it.hasNext(); ) {
      if (it.next().get("name").asText().equals(name)) {
        it.remove();
      }
    }
  }
}
