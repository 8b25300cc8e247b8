package io.github.ecrconnect.ptc.avro;

import static io.github.ecrconnect.ptc.avro.SchemaEdits.edit;
import static io.github.ecrconnect.ptc.avro.SchemaEdits.field;
import static io.github.ecrconnect.ptc.avro.SchemaEdits.fields;
import static io.github.ecrconnect.ptc.avro.SchemaEdits.record;
import static io.github.ecrconnect.ptc.avro.SchemaEdits.remove;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The evolution check fails on the changes a registry set to FULL rejects, naming the field. */
class SchemaEvolutionTest {
  private final Schema envelope = AvscFiles.in(AvscFiles.PUBLISHED).get("Envelope.avsc");
  private final Schema heartbeat = AvscFiles.in(AvscFiles.PUBLISHED).get("Heartbeat.avsc");

  @Test
  void aNewRequiredFieldInANestedRecordBreaksBackwardAndIsNamed() {
    Schema changed = SchemaEdits.withRequiredRuleField(envelope, "ownerTeam");

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
    Schema changed =
        edit(
            envelope,
            root -> {
              ObjectNode upstream = field(record(root, "before"), "upstreamRegistry");
              ArrayNode union = upstream.putArray("type").add("null");
              ObjectNode kinds =
                  union.addObject().put("type", "enum").put("name", "UpstreamRegistry");
              kinds.putArray("symbols").add("quay").add("k8s");
            });

    assertThat(SchemaEvolution.problems("v1", envelope, changed))
        .anySatisfy(
            p -> assertThat(p).startsWith("BACKWARD").contains("Envelope.before.upstreamRegistry"));
  }

  @Test
  void makingAnOptionalFieldRequiredBreaksBackward() {
    Schema changed =
        edit(
            envelope,
            root -> {
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
    Schema changed =
        edit(
            SchemaEdits.withOptionalRuleField(envelope, "ownerTeam"),
            root -> field(root, "op").put("doc", "Reworded."));

    assertThat(SchemaEvolution.problems("v1", envelope, changed)).isEmpty();
  }
}
