package io.github.ecrconnect.ptc.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Decodes Confluent-framed Avro the way any downstream consumer can: the writer schema comes from
 * the registry by the id in the frame, the datum from plain Apache Avro. No converter, no serde.
 */
public final class RegistryAvroDecoder {
  private final ConfluentRegistryApi registry;
  private final Map<Integer, Schema> schemas = new HashMap<>();

  public RegistryAvroDecoder(ConfluentRegistryApi registry) {
    this.registry = registry;
  }

  /** A decoded key or value, with the frame it came from and the schema the registry served. */
  public record Decoded(ConfluentFrame frame, Schema schema, GenericRecord record) {}

  public Decoded decode(byte[] bytes) throws IOException {
    ConfluentFrame frame = ConfluentFrame.parse(bytes);
    Schema schema = writerSchema(frame.schemaId());
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(frame.avro(), null);
    GenericRecord record = new GenericDatumReader<GenericRecord>(schema).read(null, decoder);
    if (!decoder.isEnd()) {
      throw new IOException(
          "schema " + frame.schemaId() + " decoded only part of a " + bytes.length + "-byte datum");
    }
    return new Decoded(frame, schema, record);
  }

  /** The schema behind an id, fetched once. */
  public Schema writerSchema(int id) throws IOException {
    Schema known = schemas.get(id);
    if (known == null) {
      known = registry.schemaById(id);
      schemas.put(id, known);
    }
    return known;
  }

  /** Plain Avro's binary encoding of {@code record}: what a decoded datum re-encodes to. */
  public static byte[] encode(Schema schema, GenericRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
