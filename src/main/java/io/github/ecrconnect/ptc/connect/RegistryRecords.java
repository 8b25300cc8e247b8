package io.github.ecrconnect.ptc.connect;

import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.SnapshotState;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Records for the heartbeat topic. Connect stores a source offset only with a record, so a state
 * that changed without a change event (the silent baseline of {@code snapshot.mode=no_data}) is
 * stored by a heartbeat record carrying it, as Debezium does.
 */
final class HeartbeatRecords {
  private final String topic;

  HeartbeatRecords(String topic) {
    this.topic = topic;
  }

  SourceRecord record(Registry registry, SnapshotState state, long nowMs) {
    Struct key =
        new Struct(RecordSchemas.HEARTBEAT_KEY)
            .put(RecordSchemas.REGISTRY_ID, registry.partitionRegistryId())
            .put(RecordSchemas.REGION, registry.region());
    Struct value =
        new Struct(RecordSchemas.HEARTBEAT)
            .put(RecordSchemas.REGISTRY_ID, registry.partitionRegistryId())
            .put(RecordSchemas.REGION, registry.region())
            .put(RecordSchemas.SOURCE_SNAPSHOT_HASH, state.snapshotHash())
            .put(RecordSchemas.HEARTBEAT_RULE_COUNT, state.fingerprints().size())
            .put(RecordSchemas.TS_MS, nowMs);
    return new SourceRecord(
        SourceOffsets.partition(registry),
        SourceOffsets.offset(state),
        topic,
        null,
        RecordSchemas.HEARTBEAT_KEY,
        key,
        RecordSchemas.HEARTBEAT,
        value,
        nowMs);
  }
}
