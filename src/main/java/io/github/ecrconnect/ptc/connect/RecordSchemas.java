package io.github.ecrconnect.ptc.connect;

import io.github.ecrconnect.ptc.core.RuleField;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The Connect schemas of keys and values: named and versioned, so Avro converters register stable
 * full names. The published {@code .avsc} files must match these (a test checks it).
 */
public final class RecordSchemas {
  public static final String NAMESPACE = "io.github.ecrconnect.ecr.ptc";
  public static final int VERSION = 1;

  public static final String KEY_NAME = NAMESPACE + ".Key";
  public static final String RULE_NAME = NAMESPACE + ".Rule";
  public static final String SOURCE_NAME = NAMESPACE + ".Source";
  public static final String ENVELOPE_NAME = NAMESPACE + ".Envelope";
  public static final String HEARTBEAT_NAME = NAMESPACE + ".Heartbeat";

  public static final String OP = "op";
  public static final String BEFORE = "before";
  public static final String AFTER = "after";
  public static final String CHANGED_FIELDS = "changedFields";
  public static final String SOURCE = "source";
  public static final String TS_MS = "ts_ms";

  public static final String REGISTRY_ID = "registryId";
  public static final String REGION = "region";
  public static final String ECR_REPOSITORY_PREFIX = "ecrRepositoryPrefix";

  public static final String SOURCE_VERSION = "version";
  public static final String SOURCE_CONNECTOR = "connector";
  public static final String SOURCE_SNAPSHOT_HASH = "snapshotHash";
  public static final String SOURCE_POLL_TS_MS = "ts_ms";
  public static final String CONNECTOR_NAME = "ecr-pull-through-cache";

  public static final String HEARTBEAT_RULE_COUNT = "ruleCount";

  public static final Schema KEY =
      SchemaBuilder.struct()
          .name(KEY_NAME)
          .version(VERSION)
          .doc("Identifies one pull-through cache rule: account, region and repository prefix.")
          .field(REGISTRY_ID, Schema.STRING_SCHEMA)
          .field(REGION, Schema.STRING_SCHEMA)
          .field(ECR_REPOSITORY_PREFIX, Schema.STRING_SCHEMA)
          .build();

  public static final Schema RULE = ruleSchema();

  public static final Schema SOURCE_INFO =
      SchemaBuilder.struct()
          .name(SOURCE_NAME)
          .version(VERSION)
          .doc("Where and when the event was read.")
          .field(SOURCE_VERSION, Schema.STRING_SCHEMA)
          .field(SOURCE_CONNECTOR, Schema.STRING_SCHEMA)
          .field(REGISTRY_ID, Schema.STRING_SCHEMA)
          .field(REGION, Schema.STRING_SCHEMA)
          .field(SOURCE_SNAPSHOT_HASH, Schema.STRING_SCHEMA)
          .field(SOURCE_POLL_TS_MS, Schema.INT64_SCHEMA)
          .build();

  public static final Schema VALUE =
      SchemaBuilder.struct()
          .name(ENVELOPE_NAME)
          .version(VERSION)
          .doc("A change to one pull-through cache rule, in Debezium's envelope shape.")
          .field(OP, Schema.STRING_SCHEMA)
          .field(BEFORE, RULE)
          .field(AFTER, RULE)
          .field(CHANGED_FIELDS, SchemaBuilder.array(Schema.STRING_SCHEMA).build())
          .field(SOURCE, SOURCE_INFO)
          .field(TS_MS, Schema.INT64_SCHEMA)
          .build();

  public static final Schema HEARTBEAT =
      SchemaBuilder.struct()
          .name(HEARTBEAT_NAME)
          .version(VERSION)
          .doc("The connector is alive and has read this registry's state.")
          .field(REGISTRY_ID, Schema.STRING_SCHEMA)
          .field(REGION, Schema.STRING_SCHEMA)
          .field(SOURCE_SNAPSHOT_HASH, Schema.STRING_SCHEMA)
          .field(HEARTBEAT_RULE_COUNT, Schema.INT32_SCHEMA)
          .field(TS_MS, Schema.INT64_SCHEMA)
          .build();

  /** The key of heartbeat records: the source partition of the registry. */
  public static final Schema HEARTBEAT_KEY =
      SchemaBuilder.struct()
          .name(NAMESPACE + ".HeartbeatKey")
          .version(VERSION)
          .doc("The registry a heartbeat is about.")
          .field(REGISTRY_ID, Schema.STRING_SCHEMA)
          .field(REGION, Schema.STRING_SCHEMA)
          .build();

  private RecordSchemas() {}

  private static Schema ruleSchema() {
    SchemaBuilder rule =
        SchemaBuilder.struct()
            .name(RULE_NAME)
            .version(VERSION)
            .optional()
            .doc("A pull-through cache rule as DescribePullThroughCacheRules returns it.");
    for (RuleField field : RuleField.values()) {
      SchemaBuilder type = field.isTimestamp() ? Timestamp.builder() : SchemaBuilder.string();
      rule.field(field.fieldName(), field.isRequired() ? type.build() : type.optional().build());
    }
    return rule.build();
  }
}
