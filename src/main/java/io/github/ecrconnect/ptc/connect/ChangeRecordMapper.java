package io.github.ecrconnect.ptc.connect;

import io.github.ecrconnect.ptc.core.ChangeEvent;
import io.github.ecrconnect.ptc.core.Operation;
import io.github.ecrconnect.ptc.core.PollOutcome;
import io.github.ecrconnect.ptc.core.PullThroughCacheRule;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RuleField;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns one poll's events into source records: key and envelope per event, plus a tombstone after
 * each delete when configured. Only the last record carries the new offset; the others carry the
 * offset from before the poll, so a crash mid-batch re-emits the batch instead of losing its tail.
 */
final class ChangeRecordMapper {
  private final String topic;
  private final boolean tombstonesOnDelete;
  private final String connectorVersion;

  ChangeRecordMapper(String topic, boolean tombstonesOnDelete, String connectorVersion) {
    this.topic = topic;
    this.tombstonesOnDelete = tombstonesOnDelete;
    this.connectorVersion = connectorVersion;
  }

  List<SourceRecord> records(
      PollOutcome outcome,
      long pollTimeMs,
      Map<String, ?> offsetBefore,
      Map<String, ?> offsetAfter) {
    return records(outcome.registry(), outcome, pollTimeMs, offsetBefore, offsetAfter);
  }

  /** As above, stored under {@code registry}'s partition (the account id once it is known). */
  List<SourceRecord> records(
      Registry registry,
      PollOutcome outcome,
      long pollTimeMs,
      Map<String, ?> offsetBefore,
      Map<String, ?> offsetAfter) {
    Map<String, Object> partition = SourceOffsets.partition(registry);
    List<Struct[]> keyValues = new ArrayList<>();
    for (ChangeEvent event : outcome.events()) {
      Struct key = key(registry, event);
      keyValues.add(new Struct[] {key, value(registry, event, outcome, pollTimeMs)});
      if (event.operation() == Operation.DELETE && tombstonesOnDelete) {
        keyValues.add(new Struct[] {key, null});
      }
    }
    List<SourceRecord> records = new ArrayList<>(keyValues.size());
    for (int i = 0; i < keyValues.size(); i++) {
      Map<String, ?> offset = i == keyValues.size() - 1 ? offsetAfter : offsetBefore;
      Struct key = keyValues.get(i)[0];
      Struct value = keyValues.get(i)[1];
      records.add(
          new SourceRecord(
              partition,
              offset,
              topic,
              null,
              RecordSchemas.KEY,
              key,
              value == null ? null : RecordSchemas.VALUE,
              value,
              pollTimeMs));
    }
    return records;
  }

  private static Struct key(Registry registry, ChangeEvent event) {
    return new Struct(RecordSchemas.KEY)
        .put(RecordSchemas.REGISTRY_ID, accountOf(registry, event))
        .put(RecordSchemas.REGION, registry.region())
        .put(RecordSchemas.ECR_REPOSITORY_PREFIX, event.ecrRepositoryPrefix());
  }

  private Struct value(Registry registry, ChangeEvent event, PollOutcome outcome, long pollTimeMs) {
    Struct source =
        new Struct(RecordSchemas.SOURCE_INFO)
            .put(RecordSchemas.SOURCE_VERSION, connectorVersion)
            .put(RecordSchemas.SOURCE_CONNECTOR, RecordSchemas.CONNECTOR_NAME)
            .put(RecordSchemas.REGISTRY_ID, accountOf(registry, event))
            .put(RecordSchemas.REGION, registry.region())
            .put(RecordSchemas.SOURCE_SNAPSHOT_HASH, outcome.state().snapshotHash())
            .put(RecordSchemas.SOURCE_POLL_TS_MS, pollTimeMs);
    return new Struct(RecordSchemas.VALUE)
        .put(RecordSchemas.OP, event.operation().code())
        .put(RecordSchemas.BEFORE, rule(event.before()))
        .put(RecordSchemas.AFTER, rule(event.after()))
        .put(RecordSchemas.CHANGED_FIELDS, event.changedFields())
        .put(RecordSchemas.SOURCE, source)
        .put(RecordSchemas.TS_MS, pollTimeMs);
  }

  /** The rule's own account id; "default" only if the API never told us one. */
  private static String accountOf(Registry registry, ChangeEvent event) {
    return event.registryId() != null ? event.registryId() : registry.partitionRegistryId();
  }

  static Struct rule(PullThroughCacheRule rule) {
    if (rule == null) {
      return null;
    }
    Struct struct = new Struct(RecordSchemas.RULE);
    for (RuleField field : RuleField.values()) {
      Object value = field.valueOf(rule);
      if (value instanceof Instant) {
        value = Date.from((Instant) value);
      }
      struct.put(field.fieldName(), value);
    }
    return struct;
  }
}
