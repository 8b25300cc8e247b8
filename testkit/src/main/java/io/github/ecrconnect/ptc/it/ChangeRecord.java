package io.github.ecrconnect.ptc.it;

import java.util.List;
import org.apache.kafka.connect.data.Struct;

/** One record as a consumer sees it, converted back to Connect data with the JsonConverter. */
record ChangeRecord(String topic, int partition, long offset, Struct key, Struct value) {

  /** The op, or "tombstone" for a null value. */
  String op() {
    return value == null ? "tombstone" : value.getString("op");
  }

  String prefix() {
    return key.getString("ecrRepositoryPrefix");
  }

  String region() {
    return key.getString("region");
  }

  Struct after() {
    return value.getStruct("after");
  }

  Struct before() {
    return value.getStruct("before");
  }

  List<Object> changedFields() {
    return value.getArray("changedFields");
  }

  @Override
  public String toString() {
    return op()
        + " "
        + key.getString("registryId")
        + "/"
        + region()
        + "/"
        + prefix()
        + " @"
        + offset;
  }
}
