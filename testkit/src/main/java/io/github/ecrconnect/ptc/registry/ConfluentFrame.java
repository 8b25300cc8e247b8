package io.github.ecrconnect.ptc.registry;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Confluent's wire format for a registry-backed record key or value: magic byte 0, the schema id as
 * a 4-byte big-endian int, then the Avro binary encoding of the datum.
 */
public record ConfluentFrame(int schemaId, byte[] avro) {
  public static final byte MAGIC = 0;
  public static final int HEADER_BYTES = 5;

  /** Splits {@code bytes}; fails if they do not start with the magic byte and a schema id. */
  public static ConfluentFrame parse(byte[] bytes) {
    if (bytes == null || bytes.length < HEADER_BYTES) {
      throw new IllegalArgumentException(
          "not Confluent-framed: " + (bytes == null ? "null" : bytes.length + " bytes"));
    }
    if (bytes[0] != MAGIC) {
      throw new IllegalArgumentException("not Confluent-framed: magic byte " + bytes[0]);
    }
    int schemaId = ByteBuffer.wrap(bytes, 1, 4).getInt();
    return new ConfluentFrame(schemaId, Arrays.copyOfRange(bytes, HEADER_BYTES, bytes.length));
  }

  /** The frame as bytes again: header, then the Avro body. */
  public byte[] toBytes() {
    return ByteBuffer.allocate(HEADER_BYTES + avro.length)
        .put(MAGIC)
        .putInt(schemaId)
        .put(avro)
        .array();
  }
}
