package io.github.ecrconnect.ptc.quickstart;

import io.github.ecrconnect.ptc.quickstart.EventLine.Arrival;
import io.github.ecrconnect.ptc.registry.ConfluentRegistryApi;
import io.github.ecrconnect.ptc.registry.RegistryAvroDecoder;
import io.github.ecrconnect.ptc.registry.RegistryAvroDecoder.Decoded;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.avro.generic.GenericData;

/**
 * Records in Confluent's Avro wire format decoded as any downstream consumer decodes them: the
 * writer schema fetched from the registry by the id in each record, the datum read with plain
 * Apache Avro. Each becomes the JSON record {@link EventLine} prints, and a line with the schema
 * ids and the decoded value.
 */
final class AvroEvents {
  private final RegistryAvroDecoder decoder;

  AvroEvents(URI confluentApi) {
    this.decoder = new RegistryAvroDecoder(new ConfluentRegistryApi(confluentApi));
  }

  /** A decoded record: as JSON (Avro's JSON rendering of each datum), and what a consumer got. */
  record Event(Arrival json, String decoded) {}

  Event decode(Arrival avro) throws IOException {
    Decoded key = avro.key() == null ? null : decoder.decode(avro.key());
    Decoded value = avro.value() == null ? null : decoder.decode(avro.value());
    Arrival json =
        new Arrival(
            avro.topic(),
            avro.partition(),
            avro.offset(),
            avro.timestamp(),
            json(key),
            json(value));
    String decoded =
        "avro  key schema "
            + (key == null ? "-" : key.frame().schemaId())
            + ", value "
            + (value == null
                ? "null (tombstone)"
                : "schema " + value.frame().schemaId() + ": " + rendering(value));
    return new Event(json, decoded);
  }

  private static byte[] json(Decoded decoded) {
    return decoded == null ? null : rendering(decoded).getBytes(StandardCharsets.UTF_8);
  }

  /** Avro's JSON rendering: unions as their value, records as objects, strings quoted. */
  private static String rendering(Decoded decoded) {
    return GenericData.get().toString(decoded.record());
  }
}
