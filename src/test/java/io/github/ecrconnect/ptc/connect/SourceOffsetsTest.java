package io.github.ecrconnect.ptc.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecrconnect.ptc.core.PrefixFilter;
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
          RuleSnapshot.of(List.of(rule("docker-hub"), rule("team/quay"), rule("odd;prefix=x%y"))),
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
    assertThat(restored.fingerprints())
        .containsOnlyKeys("docker-hub", "team/quay", "odd;prefix=x%y");
  }

  @Test
  void offsetSurvivesConnectsJsonSerialization() {
    JsonConverter converter = new JsonConverter();
    converter.configure(Map.of("schemas.enable", "false"), false);
    byte[] bytes = converter.fromConnectData("t", null, SourceOffsets.offset(state));
    @SuppressWarnings("unchecked")
    Map<String, Object> readBack =
        (Map<String, Object>) converter.toConnectData("t", bytes).value();
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
  void theFilterTheStateWasTakenThroughRoundTrips() {
    SnapshotState filtered =
        SnapshotState.of(
            RuleSnapshot.of(List.of(rule("team/quay"))),
            null,
            PrefixFilter.of(List.of("team/quay", "odd;prefix=x%y")));
    Map<String, Object> offset = SourceOffsets.offset(filtered);

    assertThat(offset).containsEntry("v", 2).containsKey("prefixes");
    assertThat(SourceOffsets.state(offset).scope()).isEqualTo(filtered.scope());
    assertThat(SourceOffsets.offset(state))
        .as("all prefixes: no key")
        .doesNotContainKey("prefixes");
    assertThat(SourceOffsets.state(SourceOffsets.offset(state)).scope())
        .isEqualTo(PrefixFilter.allowAll());
  }

  /** An offset as version 1 of the connector wrote it: shorter fingerprints, no prefixes. */
  @Test
  void aVersionOneOffsetStillDecodesWithItsFilterUnknown() {
    Map<String, Object> versionOne = new LinkedHashMap<>();
    versionOne.put("v", 1);
    versionOne.put("snapshotHash", "ab".repeat(32));
    versionOne.put("registryId", "123456789012");
    versionOne.put(
        "rules",
        "docker-hub=" + "0123456789abcdef" + "1111".repeat(9) + ";team%2Fquay=" + "f".repeat(52));

    SnapshotState restored = SourceOffsets.state(versionOne);

    assertThat(restored.fingerprints()).containsOnlyKeys("docker-hub", "team/quay");
    assertThat(restored.registryId()).isEqualTo("123456789012");
    assertThat(restored.scope()).as("unknown: taken as the configured filter").isNull();
    assertThat(restored.fingerprints().get("docker-hub").encode())
        .isEqualTo("0123456789abcdef" + "1111".repeat(9));
    assertThat(SourceOffsets.offset(restored)).containsEntry("v", 2);
  }

  @Test
  void nullOffsetMeansNoState() {
    assertThat(SourceOffsets.state(null)).isNull();
  }

  @Test
  void rejectsMalformedOffsetsWithTheReason() {
    Map<String, Object> good = SourceOffsets.offset(state);
    assertThatThrownBy(() -> SourceOffsets.state(with(good, "v", 3)))
        .hasMessageContaining("'v' must be the number 2 (or 1)");
    assertThatThrownBy(() -> SourceOffsets.state(with(good, "v", 1)))
        .as("version 1 fingerprints are shorter")
        .hasMessageContaining("52 hex characters");
    assertThatThrownBy(() -> SourceOffsets.state(with(good, "prefixes", 3)))
        .hasMessageContaining("'prefixes' must be a string");
    assertThatThrownBy(() -> SourceOffsets.state(with(good, "snapshotHash", "abc")))
        .hasMessageContaining("snapshotHash");
    assertThatThrownBy(() -> SourceOffsets.state(with(good, "rules", "no-equals-sign")))
        .hasMessageContaining("<prefix>=<fingerprint>");
    assertThatThrownBy(() -> SourceOffsets.state(with(good, "rules", "a=zz")))
        .hasMessageContaining("60 hex characters");
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
