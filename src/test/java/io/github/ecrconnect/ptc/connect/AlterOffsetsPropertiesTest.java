package io.github.ecrconnect.ptc.connect;

import static io.github.ecrconnect.ptc.testkit.Gen.ALPHA;
import static io.github.ecrconnect.ptc.testkit.Gen.DIGITS;
import static io.github.ecrconnect.ptc.testkit.Gen.anyStrings;
import static io.github.ecrconnect.ptc.testkit.Gen.either;
import static io.github.ecrconnect.ptc.testkit.Gen.oneOf;
import static io.github.ecrconnect.ptc.testkit.Gen.strings;
import static io.github.ecrconnect.ptc.testkit.Properties.forAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.ecrconnect.ptc.core.PrefixFilter;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RuleFingerprint;
import io.github.ecrconnect.ptc.core.SnapshotState;
import io.github.ecrconnect.ptc.testkit.Gen;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/**
 * {@code alterOffsets()} (PATCH /connectors/NAME/offsets) with random input: every offset the
 * connector could have written, and resets, are accepted; anything else is refused with a
 * ConnectException whose message names the partition, never with another exception.
 *
 * <p>Inputs come from fixed seeds ({@link io.github.ecrconnect.ptc.testkit.Properties}); a failure
 * names its seed and input, and {@code -Dproperties.seed=...} replays or explores.
 */
class AlterOffsetsPropertiesTest {
  private static final EcrPullThroughCacheSourceConnector CONNECTOR =
      new EcrPullThroughCacheSourceConnector();
  private static final Map<String, String> CONFIG = ConnectorConfigTest.validConfig();

  private static boolean alter(Map<String, ?> partition, Map<String, ?> offset) {
    Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
    offsets.put(partition, offset);
    return CONNECTOR.alterOffsets(CONFIG, offsets);
  }

  /** One generated partition and offset. */
  record Entry(Map<String, Object> partition, Map<String, Object> offset) {
    static Gen<Entry> of(Gen<Map<String, Object>> partitions, Gen<Map<String, Object>> offsets) {
      return r -> new Entry(partitions.next(r), offsets.next(r));
    }
  }

  @Test
  void offsetsTheConnectorWritesAndResetsAreAccepted() {
    forAll(
        "offsets the connector writes, and resets, are accepted",
        1500,
        0x0FF5_E7A1_0001L,
        Entry.of(partitions(), offsets()),
        e -> {
          assertThat(alter(e.partition(), e.offset())).isTrue();
          assertThat(alter(e.partition(), null)).as("a reset").isTrue();
        });
  }

  @Test
  void anythingElseIsRefusedWithAConnectExceptionOnly() {
    forAll(
        "anything else is refused with a ConnectException only",
        1500,
        0x0FF5_E7A1_0002L,
        Entry.of(randomMaps(), randomMaps()),
        e -> {
          Throwable thrown = catchThrowable(() -> alter(e.partition(), e.offset()));
          if (thrown != null) {
            assertThat(thrown).isExactlyInstanceOf(ConnectException.class);
            assertThat(thrown.getMessage())
                .startsWith("Offset for partition ")
                .contains(" rejected: ");
          }
        });
  }

  record DamagedOffset(Map<String, Object> partition, Map<String, Object> offset, Damage damage) {}

  @Test
  void aDamagedOffsetIsRefused() {
    Gen<Map<String, Object>> partitions = partitions();
    Gen<Map<String, Object>> offsets = offsets();
    Gen<Damage> damages = damages();
    forAll(
        "a damaged offset is refused",
        2000,
        0x0FF5_E7A1_0003L,
        r -> new DamagedOffset(partitions.next(r), offsets.next(r), damages.next(r)),
        c -> {
          Map<String, Object> damaged = new LinkedHashMap<>(c.offset());
          c.damage().apply(damaged);
          Throwable thrown = catchThrowable(() -> alter(c.partition(), damaged));
          assertThat(thrown).as("%s", c.damage()).isExactlyInstanceOf(ConnectException.class);
          assertThat(thrown.getMessage()).contains("Offset for partition");
        });
  }

  record DamagedPartition(
      Map<String, Object> partition, Map<String, Object> offset, Object value, String key) {}

  @Test
  void aDamagedPartitionIsRefused() {
    Gen<Map<String, Object>> partitions = partitions();
    Gen<Map<String, Object>> offsets = offsets();
    Gen<Object> values = randomValues();
    Gen<String> keys = partitionKeys();
    forAll(
        "a damaged partition is refused",
        1000,
        0x0FF5_E7A1_0004L,
        r ->
            new DamagedPartition(partitions.next(r), offsets.next(r), values.next(r), keys.next(r)),
        c -> {
          // "" stands for a null key: a map a REST client cannot send, still refused cleanly.
          String key = c.key().isEmpty() ? null : c.key();
          if (c.value() instanceof String text && isValidPartitionValue(key, text)) {
            return; // still a partition this connector writes
          }
          Map<String, Object> damaged = new LinkedHashMap<>(c.partition());
          damaged.put(key, c.value());
          assertThat(catchThrowable(() -> alter(damaged, c.offset())))
              .as("%s", damaged)
              .isExactlyInstanceOf(ConnectException.class);
        });
  }

  private static boolean isValidPartitionValue(String key, String text) {
    return "region".equals(key)
        ? !text.isBlank()
        : "registryId".equals(key) && (text.equals("default") || text.matches("\\d{12}"));
  }

  // ---- valid partitions and offsets, as the task writes them

  static Gen<Map<String, Object>> partitions() {
    Gen<String> ids = either(strings(DIGITS, 12, 12), Gen.constant("default"));
    Gen<String> regions =
        either(
            oneOf("us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1"),
            anyStrings(1, 20).filter(r -> !r.isBlank()));
    return r -> SourceOffsets.partition(Registry.of(ids.next(r), regions.next(r)));
  }

  /** Offsets of the current version and of version 1, which must still be accepted. */
  static Gen<Map<String, Object>> offsets() {
    return either(currentOffsets(), versionOneOffsets());
  }

  static Gen<Map<String, Object>> currentOffsets() {
    Gen<String> hashes = strings("0123456789abcdef", 64, 64);
    Gen<String> fingerprints = strings("0123456789abcdef", 60, 60);
    Gen<String> prefixes = anyStrings(1, 20);
    Gen<Map<String, RuleFingerprint>> rules =
        Gen.maps(prefixes, fingerprints.map(RuleFingerprint::decode), 8);
    Gen<PrefixFilter> scopes =
        either(Gen.constant(PrefixFilter.allowAll()), prefixes.list(1, 3).map(PrefixFilter::of));
    Gen<String> registryIds = strings(DIGITS, 12, 12).orNull(0.2);
    Gen<Object> versions = oneOf(2, 2L, 2.0); // JSON may bring any number type
    return r -> {
      String hash = hashes.next(r);
      String id = registryIds.next(r);
      Map<String, RuleFingerprint> prints = rules.next(r);
      PrefixFilter scope = scopes.next(r);
      Map<String, Object> offset =
          SourceOffsets.offset(SnapshotState.restored(hash, id, prints, scope));
      offset.put(SourceOffsets.VERSION, versions.next(r));
      return offset;
    };
  }

  /** As version 1 wrote them: 52-character fingerprints, no prefixes. */
  static Gen<Map<String, Object>> versionOneOffsets() {
    Gen<String> hashes = strings("0123456789abcdef", 64, 64);
    Gen<String> fingerprints = strings("0123456789abcdef", 52, 52);
    Gen<String> prefixes = anyStrings(1, 20);
    Gen<Map<String, RuleFingerprint>> rules =
        Gen.maps(prefixes, fingerprints.map(RuleFingerprint::decodeVersion1), 8);
    Gen<String> registryIds = strings(DIGITS, 12, 12).orNull(0.2);
    Gen<Object> versions = oneOf(1, 1L, 1.0);
    return r -> {
      String hash = hashes.next(r);
      String id = registryIds.next(r);
      Map<String, RuleFingerprint> prints = rules.next(r);
      Map<String, Object> offset = SourceOffsets.offset(SnapshotState.restored(hash, id, prints));
      offset.put(SourceOffsets.VERSION, versions.next(r));
      return offset;
    };
  }

  // ---- damage

  /** One way to break a valid offset. */
  record Damage(String kind, String key, Object value) {
    void apply(Map<String, Object> offset) {
      switch (kind) {
        case "remove" -> offset.remove(key);
        case "put" -> offset.put(key, value);
        case "nullKey" -> offset.put(null, value);
        case "corruptRules" -> {
          String rules = (String) offset.get(SourceOffsets.RULES);
          offset.put(SourceOffsets.RULES, rules.isEmpty() ? "x" : rules + (String) value);
        }
        default -> throw new IllegalStateException(kind);
      }
    }
  }

  static Gen<Damage> damages() {
    List<Gen<Damage>> all = new ArrayList<>();
    all.add(oneOf("v", "snapshotHash", "rules").map(k -> new Damage("remove", k, null)));
    all.add(Gen.<Object>oneOf(0, 3, -1, 1.5, "1", true).map(v -> new Damage("put", "v", v)));
    all.add(
        either(
                strings("0123456789abcdef", 0, 63),
                strings("0123456789ABCDEF", 64, 64).filter(s -> !s.equals(s.toLowerCase())),
                anyStrings(64, 64).filter(s -> !s.matches("[0-9a-f]{64}")))
            .map(v -> new Damage("put", "snapshotHash", v)));
    all.add(Gen.<Object>oneOf(7, true, 1.0).map(v -> new Damage("put", "rules", v)));
    all.add(randomValues().map(v -> new Damage("nullKey", null, v)));
    all.add(Gen.<Object>oneOf(123456789012L, false).map(v -> new Damage("put", "registryId", v)));
    Gen<String> otherKeys =
        strings(ALPHA, 1, 10)
            .filter(k -> !List.of("v", "rules", "registryId", "prefixes").contains(k));
    Gen<Object> values = randomValues();
    all.add(r -> new Damage("put", otherKeys.next(r), values.next(r)));
    all.add(
        oneOf(";", ";=", ";a=", ";a=zz", ";a=" + "0".repeat(51), "=", ";%zz=" + "0".repeat(52))
            .map(v -> new Damage("corruptRules", null, v)));
    return either(all);
  }

  // ---- random maps of random values, null keys and values included

  static Gen<String> partitionKeys() {
    return oneOf("registryId", "region", "account", "");
  }

  static Gen<Object> randomValues() {
    Gen<Object> leaf =
        Gen.<Object>either(
                anyStrings(0, 70),
                strings("0123456789abcdef=;%", 0, 120),
                Gen.ints(Integer.MIN_VALUE, Integer.MAX_VALUE),
                Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE),
                Gen.doubles(),
                oneOf(true, false))
            .orNull(0.1);
    return either(leaf, leaf, leaf, leaf.list(0, 3), Gen.maps(anyStrings(0, 5), leaf, 3));
  }

  static Gen<Map<String, Object>> randomMaps() {
    Gen<String> keys =
        either(oneOf("v", "snapshotHash", "registryId", "rules", "region"), anyStrings(0, 12));
    Gen<Map<String, Object>> maps = Gen.maps(keys, randomValues(), 6);
    Gen<Boolean> withNullKey = oneOf(false, false, false, true);
    Gen<Object> values = randomValues();
    Gen<Map<String, Object>> result =
        r -> {
          Map<String, Object> map = new HashMap<>(maps.next(r));
          if (withNullKey.next(r)) {
            map.put(null, values.next(r));
          }
          return map;
        };
    return result.orNull(0.05);
  }
}
