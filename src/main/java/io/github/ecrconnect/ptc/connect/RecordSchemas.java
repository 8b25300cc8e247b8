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
  public static final String HEARTBEAT_KEY_NAME = NAMESPACE + ".HeartbeatKey";

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
      DocumentedStruct.named(
              KEY_NAME,
              VERSION,
              "Identifies one pull-through cache rule: account, region and repository prefix. Records"
                  + " with the same key describe the same rule, so a compacted topic keeps the latest"
                  + " state of each rule.")
          .field(
              REGISTRY_ID,
              SchemaBuilder.string(),
              "The AWS account id of the registry that holds the rule, as"
                  + " DescribePullThroughCacheRules reports it (registryId), also when the"
                  + " connector reads the caller's own registry. \"default\" only if the API"
                  + " reported no account id.")
          .field(
              REGION,
              SchemaBuilder.string(),
              "The AWS region of the registry, e.g. us-east-1. Not a field of the API's rule: the"
                  + " same prefix can exist in several regions of one account.")
          .field(
              ECR_REPOSITORY_PREFIX,
              SchemaBuilder.string(),
              "The Amazon ECR repository prefix the rule applies to (ecrRepositoryPrefix);"
                  + " unique within a registry and region.")
          .build();

  public static final Schema RULE = ruleSchema();

  public static final Schema SOURCE_INFO =
      DocumentedStruct.named(SOURCE_NAME, VERSION, "Where and when the event was read.")
          .field(
              SOURCE_VERSION,
              SchemaBuilder.string(),
              "The version of the connector that produced the event, e.g. 0.1.0.")
          .field(
              SOURCE_CONNECTOR,
              SchemaBuilder.string(),
              "Always \""
                  + CONNECTOR_NAME
                  + "\": tells this connector's events apart from"
                  + " those of other sources in a shared pipeline.")
          .field(
              REGISTRY_ID,
              SchemaBuilder.string(),
              "The account id of the registry the rule belongs to; the same as the key's"
                  + " registryId.")
          .field(
              REGION,
              SchemaBuilder.string(),
              "The AWS region of the registry; the same as the key's region.")
          .field(
              SOURCE_SNAPSHOT_HASH,
              SchemaBuilder.string(),
              "SHA-256, as 64 lowercase hex digits, of the registry's rules as the poll that"
                  + " found this event listed them (all pages, after aws.ecr.repository.prefixes),"
                  + " taken in prefix order so the API's order does not matter. All events of one"
                  + " poll share it; equal hashes mean equal rule sets.")
          .field(
              SOURCE_POLL_TS_MS,
              SchemaBuilder.int64(),
              "When the poll that read the listing started, in milliseconds since the Unix epoch.")
          .build();

  public static final Schema VALUE =
      DocumentedStruct.named(
              ENVELOPE_NAME,
              VERSION,
              "A change to one pull-through cache rule, in Debezium's envelope shape.")
          .field(
              OP,
              SchemaBuilder.string(),
              "The kind of change, one letter: r (read: the rule was present at the first snapshot"
                  + " of the registry), c (created), u (updated), d (deleted).")
          .field(
              BEFORE,
              RULE,
              "The rule before the change. Null for r and c events, and for u and d events found"
                  + " by the first poll after the task (re)started: offsets keep hashes, not rule"
                  + " bodies.")
          .field(AFTER, RULE, "The rule after the change. Null for d events.")
          .field(
              CHANGED_FIELDS,
              SchemaBuilder.array(Schema.STRING_SCHEMA),
              "For u events, the names of the Rule fields whose values differ, in schema order,"
                  + " leaving out updatedAt (it changes with every update). Empty for r, c and d"
                  + " events, and for an update that changed only updatedAt.")
          .field(
              SOURCE,
              SOURCE_INFO,
              "Where and when the event was read: connector version, registry, the hash of the"
                  + " listing and the poll time.")
          .field(
              TS_MS,
              SchemaBuilder.int64(),
              "When the connector produced the event (the start of the poll that found the"
                  + " change), in milliseconds since the Unix epoch.")
          .build();

  public static final Schema HEARTBEAT =
      withPartitionFields(
              DocumentedStruct.named(
                  HEARTBEAT_NAME,
                  VERSION,
                  "The connector read this registry successfully: written every"
                      + " heartbeat.interval.ms, and whenever the registry's state must be stored"
                      + " without a change event (the silent baseline of snapshot.mode=no_data, or"
                      + " a change of aws.ecr.repository.prefixes), so a restarted task does not"
                      + " forget it."))
          .field(
              SOURCE_SNAPSHOT_HASH,
              SchemaBuilder.string(),
              "SHA-256, as 64 lowercase hex digits, of the registry's complete rule listing that"
                  + " the stored state describes; the same hash as source.snapshotHash of change"
                  + " events.")
          .field(
              HEARTBEAT_RULE_COUNT,
              SchemaBuilder.int32(),
              "How many rules the stored state holds (after aws.ecr.repository.prefixes).")
          .field(
              TS_MS,
              SchemaBuilder.int64(),
              "When the poll that read the state started, in milliseconds since the Unix epoch.")
          .build();

  /** The key of heartbeat records: the source partition of the registry. */
  public static final Schema HEARTBEAT_KEY =
      withPartitionFields(
              DocumentedStruct.named(
                  HEARTBEAT_KEY_NAME,
                  VERSION,
                  "The registry a heartbeat is about: its Connect source partition."))
          .build();

  private RecordSchemas() {}

  /** The source partition's fields, with which a heartbeat and its key both begin. */
  private static DocumentedStruct withPartitionFields(DocumentedStruct struct) {
    return struct
        .field(
            REGISTRY_ID,
            SchemaBuilder.string(),
            "The registry's account id as configured, or \"default\" for the caller's own"
                + " registry: the source partition's registryId.")
        .field(REGION, SchemaBuilder.string(), "The AWS region of the registry.");
  }

  private static Schema ruleSchema() {
    DocumentedStruct rule =
        DocumentedStruct.named(
                RULE_NAME,
                VERSION,
                "A pull-through cache rule as DescribePullThroughCacheRules returns it (the API's"
                    + " PullThroughCacheRule). Every field but ecrRepositoryPrefix is null when the"
                    + " API leaves it out.")
            .optional();
    for (RuleField field : RuleField.values()) {
      SchemaBuilder type = field.isTimestamp() ? Timestamp.builder() : SchemaBuilder.string();
      rule.field(field.fieldName(), field.isRequired() ? type : type.optional(), docOf(field));
    }
    return rule.build();
  }

  /** What each rule field means; a field added to RuleField without a doc fails here. */
  private static String docOf(RuleField field) {
    switch (field) {
      case REGISTRY_ID:
        return "The AWS account id of the registry that holds the rule (registryId). Null if the"
            + " API left it out.";
      case ECR_REPOSITORY_PREFIX:
        return "The Amazon ECR repository prefix the rule applies to (ecrRepositoryPrefix):"
            + " repositories named <prefix>/... are pulled through this rule. Never null.";
      case UPSTREAM_REGISTRY_URL:
        return "The upstream registry's URL (upstreamRegistryUrl), e.g. registry-1.docker.io."
            + " Null if the API left it out.";
      case UPSTREAM_REGISTRY:
        return "The kind of upstream registry (upstreamRegistry), the API's raw string, e.g."
            + " ecr-public, docker-hub, quay, k8s, github-container-registry,"
            + " azure-container-registry, gitlab-container-registry, ecr, chainguard. A string,"
            + " not an enum: AWS adds kinds over time and the connector passes new ones through."
            + " Null if the API left it out.";
      case UPSTREAM_REPOSITORY_PREFIX:
        return "The repository prefix in the upstream registry that ecrRepositoryPrefix maps to"
            + " (upstreamRepositoryPrefix). Null if the API left it out.";
      case CREDENTIAL_ARN:
        return "The ARN of the AWS Secrets Manager secret with the upstream registry's"
            + " credentials (credentialArn). Null for upstreams pulled without credentials.";
      case CUSTOM_ROLE_ARN:
        return "The ARN of the IAM role associated with the rule (customRoleArn), used when the"
            + " upstream is another ECR registry. Null when the rule has none.";
      case CREATED_AT:
        return "When the rule was created (createdAt), in milliseconds since the Unix epoch"
            + " (finer digits dropped). Null if the API left it out.";
      case UPDATED_AT:
        return "When the rule was last updated (updatedAt), in milliseconds since the Unix epoch"
            + " (finer digits dropped). Null if the API left it out.";
      default:
        throw new IllegalStateException("No doc for rule field " + field);
    }
  }
}
