package io.github.ecrconnect.ptc.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecrconnect.ptc.core.PullThroughCacheRule;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RuleSnapshot;
import io.github.ecrconnect.ptc.core.SnapshotState;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

class SourceOffsetsTest {
  private final SnapshotState state =
      SnapshotState.of(
          RuleSnapshot.of(
              List.of(rule("docker-hub"), rule("team/quay"), rule("odd;prefix=x%y"))),
          null);

  private static PullThroughCacheRule rule(String prefix) {
    return PullThroughCacheRule.builder()
        .registryId("123456789012")
        .ecrRepositoryPrefix(prefix)
        .upstreamRegistryUrl("quay.io")
        .build();
  }

  @Test
  void offsetRoundTripsWithPrimitivesOnly() {
    Map<String, Object> offset = SourceOffsets.offset(state);

    assertThat(offset.values())
        .allSatisfy(value -> assertThat(value).isInstanceOfAny(String.class, Integer.class));
    SnapshotState restored = SourceOffsets.state(offset);
    assertThat(restored).isEqualTo(state);
    assertThat(restored.fingerprints()).containsOnlyKeys("docker-hub", "team/quay", "odd;prefix=x%y");
  }

  @Test
  void offsetSurvivesConnectsJsonSerialization() {
    JsonConverter converter = new JsonConverter();
    converter.configure(Map.of("schemas.enable", "false"), false);
    byte[] bytes = converter.fromConnectData("t", null, SourceOffsets.offset(state));
    @SuppressWarnings("unchecked")
    Map<String, Object> readBack = (Map<String, Object>) converter.toConnectData("t", bytes).value();
    // Connect reads numbers back as Long: the codec must accept any Number.
    assertThat(readBack.get("v")).isInstanceOf(Long.class);
    assertThat(SourceOffsets.state(readBack)).isEqualTo(state);
  }

  @Test
  void partitionHasAFixedKeyOrder() {
    Map<String, Object> partition = SourceOffsets.partition(Registry.of(null, "eu-west-1"));
    assertThat(partition).isInstanceOf(LinkedHashMap.class);
    assertThat(partition.keySet()).containsExactly("registryId", "region");
    assertThat(partition).containsEntry("registryId", "default");
    assertThat(SourceOffsets.registryOf(partition)).isEqualTo(Registry.of(null, "eu-west-1"));
  }

  @Test
  void nullOffsetMeansNoState() {
    assertThat(SourceOffsets.state(null)).isNull();
  }

  @Test
  void rejectsMalformedOffsetsWithTheReason() {
    Map<String, Object> good = SourceOffsets.offset(state);
    assertThatThrownBy(() -> SourceOffsets.state(with(good, "v", 2)))
        .hasMessageContaining("'v' must be the number 1");
    assertThatThrownBy(() -> SourceOffsets.state(with(good, "snapshotHash", "abc")))
        .hasMessageContaining("snapshotHash");
    assertThatThrownBy(() -> SourceOffsets.state(with(good, "rules", "no-equals-sign")))
        .hasMessageContaining("<prefix>=<fingerprint>");
    assertThatThrownBy(() -> SourceOffsets.state(with(good, "rules", "a=zz")))
        .hasMessageContaining("52 hex characters");
    assertThatThrownBy(() -> SourceOffsets.state(with(good, "rules", Map.of("a", "b"))))
        .hasMessageContaining("'rules' must be a string");
    assertThatThrownBy(() -> SourceOffsets.state(with(good, "extra", 1)))
        .hasMessageContaining("unknown key 'extra'");
    assertThatThrownBy(() -> SourceOffsets.registryOf(Map.of("registryId", "x", "region", "r")))
        .hasMessageContaining("12-digit");
    assertThatThrownBy(() -> SourceOffsets.registryOf(Map.of("region", "us-east-1")))
        .hasMessageContaining("source partition must be");
  }

  private static Map<String, Object> with(Map<String, Object> offset, String key, Object value) {
    Map<String, Object> copy = new HashMap<>(offset);
    copy.put(key, value);
    return copy;
  }
}
