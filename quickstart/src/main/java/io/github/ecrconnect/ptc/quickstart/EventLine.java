package io.github.ecrconnect.ptc.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * One record of the output topic as ./run prints it (records written by JsonConverter, with or
 * without schemas). Readable:
 *
 * <pre>
 * 14:02:07  r  123456789012/us-east-1/docker-hub     registry-1.docker.io (docker-hub)       ecr-pull-through-cache-rules-0@0
 * 14:02:41  u  123456789012/us-east-1/docker-hub     changed: credentialArn                  ecr-pull-through-cache-rules-0@8
 * 14:02:41  d  123456789012/eu-west-1/chainguard     was cgr.dev (chainguard)                ecr-pull-through-cache-rules-0@9
 * 14:02:41  -  123456789012/eu-west-1/chainguard     tombstone                               ecr-pull-through-cache-rules-0@10
 * </pre>
 *
 * <p>or, with --json, the raw key and value in one JSON object.
 */
final class EventLine {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private EventLine() {}

  /** A record as it was read: where it is, when it was written, and its bytes. */
  record Arrival(
      String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
    String position() {
      return topic + "-" + partition + "@" + offset;
    }
  }

  /** The op ("r", "c", "u", "d"), or "-" for a tombstone. */
  static String op(Arrival record) throws IOException {
    return record.value() == null ? "-" : payload(record.value()).path("op").asText("?");
  }

  static String readable(Arrival record) throws IOException {
    JsonNode key = payload(record.key());
    String ref =
        key.path("registryId").asText()
            + "/"
            + key.path("region").asText()
            + "/"
            + key.path("ecrRepositoryPrefix").asText();
    String op;
    String detail;
    if (record.value() == null) {
      op = "-";
      detail = "tombstone";
    } else {
      JsonNode value = payload(record.value());
      op = value.path("op").asText("?");
      detail = detail(op, value);
    }
    return String.format(
        "%s  %s  %-40s %-40s %s",
        TIME.format(Instant.ofEpochMilli(record.timestamp())), op, ref, detail, record.position());
  }

  private static String detail(String op, JsonNode value) {
    switch (op) {
      case "r":
      case "c":
        return upstream(value.path("after"));
      case "u":
        List<String> fields = new ArrayList<>();
        value.path("changedFields").forEach(f -> fields.add(f.asText()));
        return fields.isEmpty()
            ? "changed: updatedAt only"
            : "changed: " + String.join(", ", fields);
      case "d":
        JsonNode before = value.path("before");
        return before.isObject() ? "was " + upstream(before) : "deleted";
      default:
        return "";
    }
  }

  private static String upstream(JsonNode rule) {
    String url = rule.path("upstreamRegistryUrl").asText("?");
    String kind = rule.path("upstreamRegistry").asText("");
    String prefix = rule.path("upstreamRepositoryPrefix").asText("");
    return url
        + (prefix.isEmpty() || prefix.equals("ROOT") ? "" : "/" + prefix)
        + (kind.isEmpty() ? "" : " (" + kind + ")");
  }

  /**
   * The raw record: {"topic","partition","offset","timestamp","key","value"}, key and value as
   * written.
   */
  static String json(Arrival record) {
    return "{\"topic\":"
        + quote(record.topic())
        + ",\"partition\":"
        + record.partition()
        + ",\"offset\":"
        + record.offset()
        + ",\"timestamp\":"
        + record.timestamp()
        + ",\"key\":"
        + raw(record.key())
        + ",\"value\":"
        + raw(record.value())
        + "}";
  }

  private static String raw(byte[] json) {
    return json == null ? "null" : new String(json, StandardCharsets.UTF_8);
  }

  private static String quote(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A key or value as JSON; with schemas (JsonConverter's {@code schemas.enable=true}, as {@code
   * --lake} writes them) its payload.
   */
  static JsonNode payload(byte[] json) throws IOException {
    JsonNode node = JSON.readTree(json);
    return node != null && node.size() == 2 && node.has("schema") && node.has("payload")
        ? node.get("payload")
        : node;
  }

  /** A heartbeat record: a registry's state stored without a change event. */
  static String heartbeat(Arrival record) throws IOException {
    JsonNode value = record.value() == null ? JSON.nullNode() : payload(record.value());
    return String.format(
        "snapshot of %s/%s stored without change events (%d rules)   %s",
        value.path("registryId").asText(),
        value.path("region").asText(),
        value.path("ruleCount").asInt(),
        record.position());
  }
}
