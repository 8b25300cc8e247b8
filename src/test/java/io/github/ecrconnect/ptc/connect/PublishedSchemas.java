package io.github.ecrconnect.ptc.connect;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.data.Schema;

/** Which published {@code .avsc} file is the contract of which Connect schema. */
final class PublishedSchemas {
  private PublishedSchemas() {}

  static Map<String, Schema> byFile() {
    Map<String, Schema> files = new TreeMap<>();
    files.put("Key.avsc", RecordSchemas.KEY);
    files.put("Envelope.avsc", RecordSchemas.VALUE);
    files.put("HeartbeatKey.avsc", RecordSchemas.HEARTBEAT_KEY);
    files.put("Heartbeat.avsc", RecordSchemas.HEARTBEAT);
    return files;
  }
}
