package io.github.ecrconnect.ptc.connect;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Copies the record key into a field of the value, for sinks that drop keys (the Apache Iceberg
 * sink does): a delete found after a restart has neither {@code before} nor {@code after}, so only
 * the key says which rule went. Tombstones (null values) and records without a key pass unchanged.
 *
 * <pre>
 * transforms=key
 * transforms.key.type=io.github.ecrconnect.ptc.connect.InsertKey
 * transforms.key.field=key
 * </pre>
 */
public final class InsertKey<R extends ConnectRecord<R>> implements Transformation<R> {
  public static final String FIELD = "field";
  private static final String FIELD_DEFAULT = "key";

  private static final ConfigDef CONFIG_DEF =
      new ConfigDef()
          .define(
              FIELD,
              ConfigDef.Type.STRING,
              FIELD_DEFAULT,
              new ConfigDef.NonEmptyString(),
              ConfigDef.Importance.MEDIUM,
              "Name of the value field that receives the record key.");

  private String field = FIELD_DEFAULT;

  /** The last (key schema, value schema) seen and the value schema made from them. */
  private Schema lastKeySchema;

  private Schema lastValueSchema;
  private Schema lastUpdatedSchema;

  /** For Kafka Connect, which configures the transform after creating it. */
  public InsertKey() {}

  @Override
  public void configure(Map<String, ?> configs) {
    field = (String) CONFIG_DEF.parse(configs).get(FIELD);
  }

  @Override
  public R apply(R record) {
    if (record.value() == null || record.key() == null) {
      return record;
    }
    if (record.valueSchema() == null) {
      if (!(record.value() instanceof Map)) {
        throw new DataException(
            "InsertKey needs a struct or map value, got " + record.value().getClass());
      }
      Map<Object, Object> value = new HashMap<>((Map<?, ?>) record.value());
      value.put(field, record.key());
      return newRecord(record, null, value);
    }
    if (!(record.value() instanceof Struct)) {
      throw new DataException("InsertKey needs a struct value, got " + record.valueSchema().type());
    }
    Struct value = (Struct) record.value();
    Schema schema = updatedSchema(record.keySchema(), value.schema());
    Struct updated = new Struct(schema);
    for (Field f : value.schema().fields()) {
      updated.put(f.name(), value.get(f));
    }
    updated.put(field, record.key());
    return newRecord(record, schema, updated);
  }

  private synchronized Schema updatedSchema(Schema keySchema, Schema valueSchema) {
    if (keySchema == null) {
      throw new DataException("InsertKey needs a key schema when the value has one");
    }
    if (keySchema != lastKeySchema || valueSchema != lastValueSchema) {
      if (valueSchema.field(field) != null) {
        throw new ConfigException(FIELD, field, "the value already has a field of that name");
      }
      SchemaBuilder builder =
          SchemaBuilder.struct()
              .name(valueSchema.name())
              .version(valueSchema.version())
              .doc(valueSchema.doc());
      if (valueSchema.isOptional()) {
        builder.optional();
      }
      for (Field f : valueSchema.fields()) {
        builder.field(f.name(), f.schema());
      }
      builder.field(field, keySchema);
      lastKeySchema = keySchema;
      lastValueSchema = valueSchema;
      lastUpdatedSchema = builder.build();
    }
    return lastUpdatedSchema;
  }

  private static <R extends ConnectRecord<R>> R newRecord(R record, Schema schema, Object value) {
    return record.newRecord(
        record.topic(),
        record.kafkaPartition(),
        record.keySchema(),
        record.key(),
        schema,
        value,
        record.timestamp(),
        record.headers());
  }

  @Override
  public ConfigDef config() {
    return CONFIG_DEF;
  }

  @Override
  public void close() {}
}
