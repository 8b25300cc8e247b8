package io.github.ecrconnect.ptc.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.utils.converter.avro.AvroData;
import io.github.ecrconnect.ptc.avro.AvscFiles;
import io.github.ecrconnect.ptc.core.RuleField;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Connect Struct -&gt; Avro binary written and read with the published {@code .avsc} -&gt; Connect
 * Struct gives back the record the connector made, for every op and every optional field set and
 * null.
 */
class AvroRoundTripTest {
  private static final Map<String, org.apache.avro.Schema> CONTRACT =
      AvscFiles.in(AvscFiles.PUBLISHED);

  static Stream<Arguments> records() {
    List<SourceRecord> all = new ArrayList<>(SampleRecords.changes());
    all.add(SampleRecords.heartbeat());
    return all.stream().map(record -> Arguments.of(describe(record), record));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("records")
  void keyAndValueSurviveAvroBinary(String name, SourceRecord record) throws IOException {
    assertRoundTrips(record.keySchema(), (Struct) record.key());
    if (record.value() != null) {
      assertRoundTrips(record.valueSchema(), (Struct) record.value());
    }
  }

  @Test
  void theSamplesCoverEveryOpWithEveryOptionalFieldSetAndNull() {
    Set<String> seen = new TreeSet<>();
    for (SourceRecord record : SampleRecords.changes()) {
      Struct value = (Struct) record.value();
      if (value == null) {
        seen.add("tombstone");
        continue;
      }
      String op = value.getString(RecordSchemas.OP);
      for (String side : List.of(RecordSchemas.BEFORE, RecordSchemas.AFTER)) {
        Struct rule = value.getStruct(side);
        seen.add(op + "." + side + (rule == null ? "=null" : "=set"));
        for (RuleField field : RuleField.values()) {
          if (rule != null && !field.isRequired()) {
            seen.add(
                op
                    + "."
                    + side
                    + "."
                    + field.fieldName()
                    + (rule.get(field.fieldName()) == null ? "=null" : "=set"));
          }
        }
      }
    }

    List<String> expected =
        new ArrayList<>(
            List.of(
                "tombstone",
                "r.before=null",
                "c.before=null",
                "u.before=null",
                "u.before=set",
                "u.after=set",
                "d.before=null",
                "d.before=set",
                "d.after=null"));
    for (RuleField field : RuleField.values()) {
      if (!field.isRequired()) {
        for (String side : List.of("r.after", "c.after", "u.before", "u.after", "d.before")) {
          expected.add(side + "." + field.fieldName() + "=set");
          expected.add(side + "." + field.fieldName() + "=null");
        }
      }
    }
    assertThat(seen).containsAll(expected);
  }

  /**
   * Encodes as Confluent's AvroConverter does (AvroData, then Avro's binary encoding), but with the
   * published schema as the writer's and the reader's schema. The bytes are decoded back to Connect
   * with the schema AvroConverter registers: that is the published schema plus {@code connect.*}
   * annotations (PublishedAvscTest), which carry what plain Avro cannot: the Connect version and
   * docs.
   */
  private static void assertRoundTrips(Schema connectSchema, Struct original) throws IOException {
    org.apache.avro.Schema contract = contractOf(connectSchema);
    AvroData avroData = ConnectAvroData.asRegistered();
    Object datum = avroData.fromConnectData(connectSchema, original);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new GenericDatumWriter<Object>(contract).write(datum, encoder);
    encoder.flush();
    GenericRecord decoded =
        new GenericDatumReader<GenericRecord>(contract, contract)
            .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

    SchemaAndValue back =
        avroData.toConnectData(avroData.fromConnectSchema(connectSchema), decoded);
    assertThat(back.schema()).isEqualTo(connectSchema);
    assertThat(back.value()).isEqualTo(original);
  }

  private static String describe(SourceRecord record) {
    Struct key = (Struct) record.key();
    Struct value = (Struct) record.value();
    if (record.keySchema() == RecordSchemas.HEARTBEAT_KEY) {
      return "heartbeat " + key.getString(RecordSchemas.REGION);
    }
    String op = value == null ? "tombstone" : value.getString(RecordSchemas.OP);
    String before = value != null && value.get(RecordSchemas.BEFORE) == null ? " before=null" : "";
    return op + " " + key.getString(RecordSchemas.ECR_REPOSITORY_PREFIX) + before;
  }

  private static org.apache.avro.Schema contractOf(Schema connectSchema) {
    List<String> files =
        PublishedSchemas.byFile().entrySet().stream()
            .filter(e -> e.getValue().equals(connectSchema))
            .map(Map.Entry::getKey)
            .collect(Collectors.toList());
    assertThat(files).as("published file of %s", connectSchema.name()).hasSize(1);
    return CONTRACT.get(files.get(0));
  }
}
