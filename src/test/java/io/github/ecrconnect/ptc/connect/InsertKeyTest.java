package io.github.ecrconnect.ptc.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;

class InsertKeyTest {
  private static final Schema KEY_SCHEMA = RecordSchemas.KEY;

  /** A delete found after a restart: neither before nor after says which rule went. */
  private static final SourceRecord DELETE_AFTER_RESTART =
      SampleRecords.changes().stream()
          .filter(r -> r.timestamp() == SampleRecords.AFTER_RESTART && r.value() != null)
          .filter(r -> ((Struct) r.value()).getString(RecordSchemas.OP).equals("d"))
          .findFirst()
          .orElseThrow();

  private static final Struct KEY = (Struct) DELETE_AFTER_RESTART.key();

  private static Struct deleteWithoutBefore() {
    Struct value = (Struct) DELETE_AFTER_RESTART.value();
    assertThat(value.get(RecordSchemas.BEFORE)).isNull();
    assertThat(value.get(RecordSchemas.AFTER)).isNull();
    return value;
  }

  private static InsertKey<SinkRecord> transform(Map<String, String> config) {
    InsertKey<SinkRecord> transform = new InsertKey<>();
    transform.configure(config);
    return transform;
  }

  private static SinkRecord record(Schema valueSchema, Object value) {
    return new SinkRecord(
        "rules", 0, KEY_SCHEMA, KEY, valueSchema, value, 42L, 1_700_000_000_000L, null);
  }

  @Test
  void copiesTheKeyIntoTheValueAndKeepsEveryOtherField() {
    Struct value = deleteWithoutBefore();
    SinkRecord out = transform(Map.of()).apply(record(RecordSchemas.VALUE, value));

    Struct updated = (Struct) out.value();
    assertThat(updated.getStruct("key")).isEqualTo(KEY);
    assertThat(out.valueSchema().field("key").schema()).isEqualTo(KEY_SCHEMA);
    assertThat(out.valueSchema().name()).isEqualTo(RecordSchemas.VALUE.name());
    for (org.apache.kafka.connect.data.Field field : RecordSchemas.VALUE.fields()) {
      assertThat(updated.get(field.name())).as(field.name()).isEqualTo(value.get(field));
    }
    assertThat(out.key()).isEqualTo(KEY);
    assertThat(out.kafkaOffset()).isEqualTo(42L);
    assertThat(out.timestamp()).isEqualTo(1_700_000_000_000L);
  }

  @Test
  void namesTheFieldAsConfigured() {
    SinkRecord out =
        transform(Map.of("field", "rule_key"))
            .apply(record(RecordSchemas.VALUE, deleteWithoutBefore()));
    assertThat(((Struct) out.value()).getStruct("rule_key")).isEqualTo(KEY);
  }

  @Test
  void letsTombstonesThrough() {
    SinkRecord tombstone = record(null, null);
    assertThat(transform(Map.of()).apply(tombstone)).isSameAs(tombstone);
  }

  @Test
  void addsTheKeyToSchemalessValues() {
    SinkRecord out = transform(Map.of()).apply(record(null, Map.of("op", "d")));
    assertThat(out.value()).isEqualTo(Map.of("op", "d", "key", KEY));
  }

  @Test
  void refusesAValueThatAlreadyHasTheField() {
    Schema clash = SchemaBuilder.struct().field("key", Schema.STRING_SCHEMA).build();
    SinkRecord record = record(clash, new Struct(clash).put("key", "x"));
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> transform(Map.of()).apply(record))
        .withMessageContaining("already has a field");
  }

  @Test
  void refusesAnEmptyFieldName() {
    assertThatExceptionOfType(ConfigException.class)
        .isThrownBy(() -> transform(Map.of("field", "")));
  }

  @Test
  void isRegisteredForServiceLoading() {
    @SuppressWarnings("rawtypes")
    List<String> transforms =
        ServiceLoader.load(Transformation.class).stream()
            .map(p -> p.type().getName())
            .collect(Collectors.toList());
    assertThat(transforms).contains(InsertKey.class.getName());
  }
}
