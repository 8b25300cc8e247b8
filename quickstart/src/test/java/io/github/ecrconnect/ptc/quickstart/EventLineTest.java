package io.github.ecrconnect.ptc.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.quickstart.EventLine.Arrival;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventLineTest {
  private static final String KEY =
      "{\"registryId\":\"123456789012\",\"region\":\"us-east-1\",\"ecrRepositoryPrefix\":\"hub\"}";
  private static final String RULE =
      "{\"registryId\":\"123456789012\",\"ecrRepositoryPrefix\":\"hub\",\"upstreamRegistryUrl\":\"registry-1.docker.io\","
          + "\"upstreamRegistry\":\"docker-hub\",\"upstreamRepositoryPrefix\":\"library\",\"credentialArn\":null,"
          + "\"customRoleArn\":null,\"createdAt\":1,\"updatedAt\":2}";

  private static Arrival arrival(String value) {
    return new Arrival(
        "rules",
        0,
        7,
        0L,
        KEY.getBytes(StandardCharsets.UTF_8),
        value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  private static String envelope(String op, String before, String after, String changed) {
    return "{\"op\":\""
        + op
        + "\",\"before\":"
        + before
        + ",\"after\":"
        + after
        + ",\"changedFields\":"
        + changed
        + ",\"source\":{},\"ts_ms\":3}";
  }

  @Test
  void aReadableLineHasOpKeyDetailAndPosition() throws Exception {
    assertThat(EventLine.readable(arrival(envelope("r", "null", RULE, "[]"))))
        .matches(
            "\\d\\d:\\d\\d:\\d\\d  r  123456789012/us-east-1/hub\\s+registry-1.docker.io/library"
                + " \\(docker-hub\\)\\s+rules-0@7");
    assertThat(
            EventLine.readable(
                arrival(envelope("u", RULE, RULE, "[\"credentialArn\",\"customRoleArn\"]"))))
        .contains("  u  123456789012/us-east-1/hub ")
        .contains("changed: credentialArn, customRoleArn");
    assertThat(EventLine.readable(arrival(envelope("u", "null", RULE, "[]"))))
        .contains("changed: updatedAt only");
    assertThat(EventLine.readable(arrival(envelope("d", RULE, "null", "[]"))))
        .contains("  d  123456789012/us-east-1/hub ")
        .contains("was registry-1.docker.io/library (docker-hub)");
    assertThat(EventLine.readable(arrival(null)))
        .contains("  -  123456789012/us-east-1/hub ")
        .contains("tombstone");
  }

  @Test
  void recordsWithSchemasReadAsTheirPayload() throws Exception {
    String value = envelope("c", "null", RULE, "[]");
    Arrival withSchemas =
        new Arrival(
            "rules",
            0,
            7,
            0L,
            ("{\"schema\":{\"type\":\"struct\"},\"payload\":" + KEY + "}")
                .getBytes(StandardCharsets.UTF_8),
            ("{\"schema\":{\"type\":\"struct\"},\"payload\":" + value + "}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(EventLine.readable(withSchemas))
        .isEqualTo(EventLine.readable(arrival(value)))
        .contains("  c  123456789012/us-east-1/hub ");
  }

  @Test
  void jsonIsTheRawRecordOnOneLine() {
    String value = envelope("c", "null", RULE, "[]");
    assertThat(EventLine.json(arrival(value)))
        .isEqualTo(
            "{\"topic\":\"rules\",\"partition\":0,\"offset\":7,\"timestamp\":0,\"key\":"
                + KEY
                + ",\"value\":"
                + value
                + "}");
    assertThat(EventLine.json(arrival(null))).endsWith(",\"value\":null}");
  }
}
