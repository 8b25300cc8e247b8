package io.github.ecrconnect.ptc.connect;

import io.github.ecrconnect.ptc.core.ChangeEvent;
import io.github.ecrconnect.ptc.core.PullThroughCacheRule;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RuleField;
import java.time.Instant;
import java.util.Date;
import org.apache.kafka.connect.data.Struct;

/** Turns a change event into the key and envelope of its change record. */
final class ChangeRecordMapper {
  private final String connectorVersion;

  ChangeRecordMapper(String connectorVersion) {
    this.connectorVersion = connectorVersion;
  }

  static Struct key(Registry registry, ChangeEvent event) {
    return new Struct(RecordSchemas.KEY)
        .put(RecordSchemas.REGISTRY_ID, accountOf(registry, event))
        .put(RecordSchemas.REGION, registry.region())
        .put(RecordSchemas.ECR_REPOSITORY_PREFIX, event.ecrRepositoryPrefix());
  }

  Struct value(Registry registry, ChangeEvent event, String snapshotHash, long pollTimeMs) {
    Struct source =
        new Struct(RecordSchemas.SOURCE_INFO)
            .put(RecordSchemas.SOURCE_VERSION, connectorVersion)
            .put(RecordSchemas.SOURCE_CONNECTOR, RecordSchemas.CONNECTOR_NAME)
            .put(RecordSchemas.REGISTRY_ID, accountOf(registry, event))
            .put(RecordSchemas.REGION, registry.region())
            .put(RecordSchemas.SOURCE_SNAPSHOT_HASH, snapshotHash)
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
