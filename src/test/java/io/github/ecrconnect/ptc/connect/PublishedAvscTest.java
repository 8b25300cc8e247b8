package io.github.ecrconnect.ptc.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.avro.AvscFiles;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The connector's Connect schemas are exactly the published {@code src/main/avro} schemas, as an
 * independent Connect-&gt;Avro conversion (Confluent's AvroData, ported by Apicurio) sees them.
 */
class PublishedAvscTest {
  private final Map<String, org.apache.avro.Schema> published = AvscFiles.in(AvscFiles.PUBLISHED);

  static Stream<String> files() {
    return PublishedSchemas.byFile().keySet().stream();
  }

  @Test
  void eachPublishedFileIsTheContractOfOneConnectSchema() {
    assertThat(published.keySet()).isEqualTo(PublishedSchemas.byFile().keySet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void connectSchemaConvertsToExactlyThePublishedSchema(String file) {
    org.apache.avro.Schema converted =
        ConnectAvroData.plain().fromConnectSchema(PublishedSchemas.byFile().get(file));
    org.apache.avro.Schema contract = published.get(file);

    // Parsing Canonical Form: names, types, field order; what decides the binary encoding.
    assertThat(SchemaNormalization.toParsingForm(converted))
        .isEqualTo(SchemaNormalization.toParsingForm(contract));
    // Everything else too: docs, defaults, logical types (the canonical form drops them).
    assertThat(AvscFiles.pretty(converted)).isEqualTo(AvscFiles.pretty(contract));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void avroConverterRegistersThePublishedSchemaPlusConnectAnnotations(String file)
      throws Exception {
    Schema connect = PublishedSchemas.byFile().get(file);
    org.apache.avro.Schema registered = ConnectAvroData.asRegistered().fromConnectSchema(connect);

    assertThat(registered.getProp("connect.name")).isEqualTo(connect.name());
    assertThat(registered.getObjectProp("connect.version")).isEqualTo(RecordSchemas.VERSION);
    assertThat(AvscFiles.pretty(AvscFiles.withoutConnectProperties(registered)))
        .isEqualTo(AvscFiles.pretty(published.get(file)));
    // A sink's AvroConverter reading it back gets the connector's schema, docs and version too.
    assertThat(ConnectAvroData.asRegistered().toConnectSchema(registered)).isEqualTo(connect);
  }

  @Test
  void afterExtractingTheAfterFieldTheValueIsANullableRuleOfTheEnvelope() {
    org.apache.avro.Schema rule =
        published.get("Envelope.avsc").getField(RecordSchemas.AFTER).schema();

    assertThat(AvscFiles.pretty(ConnectAvroData.plain().fromConnectSchema(RecordSchemas.RULE)))
        .isEqualTo(AvscFiles.pretty(rule));
    assertThat(rule.getTypes())
        .extracting(org.apache.avro.Schema::getType)
        .containsExactly(org.apache.avro.Schema.Type.NULL, org.apache.avro.Schema.Type.RECORD);
  }

  @Test
  void everyPublishedRecordAndFieldIsDocumentedAndNamespacedWithoutEnums() {
    List<String> problems = new ArrayList<>();
    for (org.apache.avro.Schema top : published.values()) {
      for (org.apache.avro.Schema type : reachableTypes(top)) {
        if (type.getType() == org.apache.avro.Schema.Type.ENUM) {
          problems.add(type.getFullName() + " is an enum: AWS adds values, use a string");
        }
        if (type.getType() != org.apache.avro.Schema.Type.RECORD) {
          continue;
        }
        if (!RecordSchemas.NAMESPACE.equals(type.getNamespace())) {
          problems.add(type.getFullName() + " is outside " + RecordSchemas.NAMESPACE);
        }
        if (isBlank(type.getDoc())) {
          problems.add(type.getFullName() + " has no doc");
        }
        for (org.apache.avro.Schema.Field field : type.getFields()) {
          if (isBlank(field.doc())) {
            problems.add(type.getFullName() + "." + field.name() + " has no doc");
          }
        }
      }
    }
    assertThat(problems).isEmpty();
    Schema upstream = RecordSchemas.RULE.field("upstreamRegistry").schema();
    assertThat(upstream.type()).isEqualTo(Schema.Type.STRING);
  }

  @Test
  void connectStructsAreNamedVersionedAndDocumented() {
    List<String> problems = new ArrayList<>();
    for (Schema top : PublishedSchemas.byFile().values()) {
      Deque<Schema> todo = new ArrayDeque<>(List.of(top));
      while (!todo.isEmpty()) {
        Schema struct = todo.pop();
        if (struct.name() == null || !struct.name().startsWith(RecordSchemas.NAMESPACE + ".")) {
          problems.add(struct + " is not named in " + RecordSchemas.NAMESPACE);
        }
        if (!Integer.valueOf(RecordSchemas.VERSION).equals(struct.version())) {
          problems.add(struct.name() + " has version " + struct.version());
        }
        if (isBlank(struct.doc())) {
          problems.add(struct.name() + " has no doc");
        }
        for (Field field : struct.fields()) {
          if (isBlank(field.schema().doc())) {
            problems.add(struct.name() + "." + field.name() + " has no doc");
          }
          if (field.schema().type() == Schema.Type.STRUCT) {
            todo.push(field.schema());
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  /** Every type used anywhere in {@code top}, each once (named types are shared). */
  private static Set<org.apache.avro.Schema> reachableTypes(org.apache.avro.Schema top) {
    Set<org.apache.avro.Schema> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<org.apache.avro.Schema> todo = new ArrayDeque<>(List.of(top));
    while (!todo.isEmpty()) {
      org.apache.avro.Schema type = todo.pop();
      if (!seen.add(type)) {
        continue;
      }
      switch (type.getType()) {
        case RECORD:
          type.getFields().forEach(field -> todo.push(field.schema()));
          break;
        case UNION:
          todo.addAll(type.getTypes());
          break;
        case ARRAY:
          todo.push(type.getElementType());
          break;
        case MAP:
          todo.push(type.getValueType());
          break;
        default:
          break;
      }
    }
    return seen;
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }
}
