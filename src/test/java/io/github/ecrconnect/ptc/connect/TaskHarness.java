package io.github.ecrconnect.ptc.connect;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** A task's surroundings without a worker: a settable clock and an in-memory offset store. */
final class TaskHarness {
  final MutableClock clock = new MutableClock();
  final Map<Map<String, Object>, Map<String, Object>> committed = new HashMap<>();

  SourceTaskContext context(Map<String, String> configs) {
    return new SourceTaskContext() {
      @Override
      public Map<String, String> configs() {
        return configs;
      }

      @Override
      public OffsetStorageReader offsetStorageReader() {
        return new OffsetStorageReader() {
          @Override
          public <T> Map<String, Object> offset(Map<String, T> partition) {
            return committed.get(partition);
          }

          @Override
          public <T> Map<Map<String, T>, Map<String, Object>> offsets(
              Collection<Map<String, T>> partitions) {
            Map<Map<String, T>, Map<String, Object>> result = new HashMap<>();
            partitions.forEach(p -> result.put(p, committed.get(p)));
            return result;
          }
        };
      }
    };
  }

  /** What the worker does once records are acknowledged: keep the latest offset per partition. */
  @SuppressWarnings("unchecked")
  void commit(List<SourceRecord> records) {
    for (SourceRecord record : records) {
      committed.put(
          (Map<String, Object>) record.sourcePartition(),
          (Map<String, Object>) record.sourceOffset());
    }
  }

  static final class MutableClock extends Clock {
    private long millis = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    void advance(long ms) {
      millis += ms;
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
