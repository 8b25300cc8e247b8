package io.github.ecrconnect.ptc.it;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * One row of the change table with its values made plain (nested structs as maps, timestamps as
 * Instants), so that a row compares equal to the Connect record it came from.
 */
public record LakeRow(Map<String, Object> columns) {
  /** Columns the sink's transforms add to the envelope (config/iceberg-sink.properties). */
  public static final List<String> ADDED_COLUMNS =
      List.of("key", "event_time", "kafka_partition", "kafka_offset");

  public static LakeRow of(Record record) {
    @SuppressWarnings("unchecked")
    Map<String, Object> columns = (Map<String, Object>) plain(record);
    return new LakeRow(columns);
  }

  /** The envelope's columns alone: the record value as the source connector published it. */
  public Map<String, Object> envelope() {
    Map<String, Object> envelope = new LinkedHashMap<>(columns);
    ADDED_COLUMNS.forEach(envelope::remove);
    return envelope;
  }

  public String op() {
    return (String) columns.get("op");
  }

  public RuleKey key() {
    return RuleKey.of(map("key"));
  }

  public Map<String, Object> after() {
    return map("after");
  }

  public Map<String, Object> before() {
    return map("before");
  }

  public List<?> changedFields() {
    return (List<?>) columns.get("changedFields");
  }

  public long tsMs() {
    return (Long) columns.get("ts_ms");
  }

  public Instant eventTime() {
    return (Instant) columns.get("event_time");
  }

  public int kafkaPartition() {
    return (Integer) columns.get("kafka_partition");
  }

  public long kafkaOffset() {
    return (Long) columns.get("kafka_offset");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> map(String column) {
    return (Map<String, Object>) columns.get(column);
  }

  /**
   * Iceberg's and Connect's values in one form: structs (an Iceberg Record, a Connect Struct) as
   * maps in field order, timestamps (timestamptz, Connect's Timestamp) as Instants, lists element
   * by element; strings and numbers as they are.
   */
  public static Object plain(Object value) {
    if (value instanceof Record record) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Types.NestedField field : record.struct().fields()) {
        map.put(field.name(), plain(record.getField(field.name())));
      }
      return map;
    }
    if (value instanceof Struct struct) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Field field : struct.schema().fields()) {
        map.put(field.name(), plain(struct.get(field)));
      }
      return map;
    }
    if (value instanceof List<?> list) {
      List<Object> plain = new ArrayList<>(list.size());
      list.forEach(element -> plain.add(plain(element)));
      return plain;
    }
    if (value instanceof OffsetDateTime time) {
      return time.toInstant();
    }
    if (value instanceof Date date) {
      return date.toInstant();
    }
    if (value instanceof CharSequence text) {
      return text.toString();
    }
    return value;
  }

  /** A rule's identity: the record key's fields. */
  public record RuleKey(String registryId, String region, String ecrRepositoryPrefix) {
    public static RuleKey of(Map<String, Object> key) {
      return new RuleKey(
          (String) key.get("registryId"),
          (String) key.get("region"),
          (String) key.get("ecrRepositoryPrefix"));
    }

    @Override
    public String toString() {
      return registryId + "/" + region + "/" + ecrRepositoryPrefix;
    }
  }
}
