package io.github.ecrconnect.ptc.connect;

import io.github.ecrconnect.ptc.core.ChangeEvent;
import io.github.ecrconnect.ptc.core.Operation;
import io.github.ecrconnect.ptc.core.PollOutcome;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.SnapshotState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The records of one registry poll, and the one place that decides which record carries which
 * source offset.
 *
 * <p>Events become change records (a tombstone after each delete when configured). Only the last
 * record carries the new offset; the others carry the offset from before the poll, so a crash
 * mid-batch re-emits the batch instead of losing its tail. Connect stores an offset only with a
 * record, so a poll without events writes one state-only record to the heartbeat topic, as Debezium
 * does, when its new state must be stored (a {@code snapshot.mode=no_data} baseline, a filter
 * change) or a periodic heartbeat is due.
 */
final class RegistryRecords {
  private final String topic;
  private final boolean tombstonesOnDelete;
  private final ChangeRecordMapper mapper;
  private final String heartbeatTopic;

  RegistryRecords(
      String topic, boolean tombstonesOnDelete, String connectorVersion, String heartbeatTopic) {
    this.topic = topic;
    this.tombstonesOnDelete = tombstonesOnDelete;
    this.mapper = new ChangeRecordMapper(connectorVersion);
    this.heartbeatTopic = heartbeatTopic;
  }

  /**
   * The records of {@code outcome}, stored under {@code stored}'s partition (the account id once it
   * is known); the last one carries the new offset. Empty if there is nothing to emit or store.
   *
   * @param heartbeatDue whether a periodic heartbeat is due, written if no event is
   */
  List<SourceRecord> of(
      Registry stored, PollOutcome outcome, long pollTimeMs, boolean heartbeatDue) {
    if (!outcome.events().isEmpty()) {
      SnapshotState previous = outcome.previous();
      return changes(
          stored,
          outcome,
          pollTimeMs,
          previous == null ? null : SourceOffsets.offset(previous),
          SourceOffsets.offset(outcome.state()));
    }
    if (outcome.stateChanged() || heartbeatDue) {
      return List.of(heartbeat(stored, outcome.state(), pollTimeMs));
    }
    return List.of();
  }

  /** The change records of {@code outcome}'s events; the last carries {@code offsetAfter}. */
  List<SourceRecord> changes(
      Registry stored,
      PollOutcome outcome,
      long pollTimeMs,
      Map<String, ?> offsetBefore,
      Map<String, ?> offsetAfter) {
    Map<String, Object> partition = SourceOffsets.partition(stored);
    String snapshotHash = outcome.state().snapshotHash();
    List<Struct[]> keyValues = new ArrayList<>();
    for (ChangeEvent event : outcome.events()) {
      Struct key = ChangeRecordMapper.key(stored, event);
      keyValues.add(new Struct[] {key, mapper.value(stored, event, snapshotHash, pollTimeMs)});
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

  /** A state-only record for the heartbeat topic, carrying {@code state} as the offset. */
  SourceRecord heartbeat(Registry stored, SnapshotState state, long nowMs) {
    Struct key =
        new Struct(RecordSchemas.HEARTBEAT_KEY)
            .put(RecordSchemas.REGISTRY_ID, stored.partitionRegistryId())
            .put(RecordSchemas.REGION, stored.region());
    Struct value =
        new Struct(RecordSchemas.HEARTBEAT)
            .put(RecordSchemas.REGISTRY_ID, stored.partitionRegistryId())
            .put(RecordSchemas.REGION, stored.region())
            .put(RecordSchemas.SOURCE_SNAPSHOT_HASH, state.snapshotHash())
            .put(RecordSchemas.HEARTBEAT_RULE_COUNT, state.fingerprints().size())
            .put(RecordSchemas.TS_MS, nowMs);
    return new SourceRecord(
        SourceOffsets.partition(stored),
        SourceOffsets.offset(state),
        heartbeatTopic,
        null,
        RecordSchemas.HEARTBEAT_KEY,
        key,
        RecordSchemas.HEARTBEAT,
        value,
        nowMs);
  }
}
