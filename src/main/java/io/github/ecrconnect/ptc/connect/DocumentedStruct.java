package io.github.ecrconnect.ptc.connect;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * Builds a named, versioned struct schema whose record and field docs reach Avro.
 *
 * <p>Each doc is written twice, because the two readers of a Connect schema look in different
 * places. Connect itself (and JsonConverter with schemas) reads {@link Schema#doc()}. Confluent's
 * AvroData, and Apicurio's port of it, read a schema's own doc only into a {@code connect.doc}
 * property: the Avro record's {@code doc} comes from the struct parameter {@value #AVRO_RECORD_DOC}
 * and each Avro field's {@code doc} from the struct parameter {@value #AVRO_FIELD_DOC_PREFIX}{@code
 * <field>} (the same parameters AvroData fills when it turns an Avro schema into a Connect one).
 */
final class DocumentedStruct {
  static final String AVRO_RECORD_DOC = "io.confluent.connect.avro.record.doc";
  static final String AVRO_FIELD_DOC_PREFIX = "io.confluent.connect.avro.field.doc.";

  private final SchemaBuilder struct;

  private DocumentedStruct(String name, int version, String doc) {
    this.struct =
        SchemaBuilder.struct().name(name).version(version).doc(doc).parameter(AVRO_RECORD_DOC, doc);
  }

  static DocumentedStruct named(String name, int version, String doc) {
    return new DocumentedStruct(name, version, doc);
  }

  /** A field of a type of its own: the doc goes on the field's schema and into the struct. */
  DocumentedStruct field(String field, SchemaBuilder type, String doc) {
    struct.field(field, type.doc(doc).build());
    struct.parameter(AVRO_FIELD_DOC_PREFIX + field, doc);
    return this;
  }

  /**
   * A field whose type is a shared struct (the Rule in {@code before} and {@code after}): that
   * schema keeps its own type doc, and the field's doc goes into this struct only.
   */
  DocumentedStruct field(String field, Schema sharedStruct, String doc) {
    struct.field(field, sharedStruct);
    struct.parameter(AVRO_FIELD_DOC_PREFIX + field, doc);
    return this;
  }

  DocumentedStruct optional() {
    struct.optional();
    return this;
  }

  Schema build() {
    return struct.build();
  }
}
