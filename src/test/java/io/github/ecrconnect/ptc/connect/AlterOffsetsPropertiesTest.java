package io.github.ecrconnect.ptc.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RuleFingerprint;
import io.github.ecrconnect.ptc.core.SnapshotState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * {@code alterOffsets()} (PATCH /connectors/NAME/offsets) with random input: every offset the
 * connector could have written, and resets, are accepted; anything else is refused with a
 * ConnectException whose message names the partition, never with another exception.
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

  @Property(tries = 1500)
  void offsetsTheConnectorWritesAndResetsAreAccepted(
      @ForAll("partitions") Map<String, Object> partition,
      @ForAll("offsets") Map<String, Object> offset) {
    assertThat(alter(partition, offset)).isTrue();
    assertThat(alter(partition, null)).as("a reset").isTrue();
  }

  @Property(tries = 1500)
  void anythingElseIsRefusedWithAConnectExceptionOnly(
      @ForAll("randomMaps") Map<String, Object> partition,
      @ForAll("randomMaps") Map<String, Object> offset) {
    Throwable thrown = catchThrowable(() -> alter(partition, offset));
    if (thrown != null) {
      assertThat(thrown).isExactlyInstanceOf(ConnectException.class);
      assertThat(thrown.getMessage()).startsWith("Offset for partition ").contains(" rejected: ");
    }
  }

  @Property(tries = 2000)
  void aDamagedOffsetIsRefused(
      @ForAll("partitions") Map<String, Object> partition,
      @ForAll("offsets") Map<String, Object> offset,
      @ForAll("damages") Damage damage) {
    Map<String, Object> damaged = new LinkedHashMap<>(offset);
    damage.apply(damaged);
    Throwable thrown = catchThrowable(() -> alter(partition, damaged));
    assertThat(thrown).as("%s", damage).isExactlyInstanceOf(ConnectException.class);
    assertThat(thrown.getMessage()).contains("Offset for partition");
  }

  @Property(tries = 1000)
  void aDamagedPartitionIsRefused(
      @ForAll("partitions") Map<String, Object> partition,
      @ForAll("offsets") Map<String, Object> offset,
      @ForAll("randomValues") Object value,
      @ForAll("partitionKeys") String key) {
    if (key.isEmpty()) {
      key = null; // a null key: a map a REST client cannot send, still refused cleanly
    }
    Map<String, Object> damaged = new LinkedHashMap<>(partition);
    if (value instanceof String text && isValidPartitionValue(key, text)) {
      return; // still a partition this connector writes
    }
    damaged.put(key, value);
    assertThat(catchThrowable(() -> alter(damaged, offset)))
        .as("%s", damaged)
        .isExactlyInstanceOf(ConnectException.class);
  }

  private static boolean isValidPartitionValue(String key, String text) {
    return "region".equals(key) ? !text.isBlank()
        : "registryId".equals(key) && (text.equals("default") || text.matches("\\d{12}"));
  }

  // ---- valid partitions and offsets, as the task writes them

  @Provide
  Arbitrary<Map<String, Object>> partitions() {
    Arbitrary<String> ids =
        Arbitraries.oneOf(Arbitraries.strings().numeric().ofLength(12), Arbitraries.just("default"));
    Arbitrary<String> regions =
        Arbitraries.oneOf(
            Arbitraries.of("us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1"),
            Arbitraries.strings().ofMinLength(1).ofMaxLength(20).filter(r -> !r.isBlank()));
    return Combinators.combine(ids, regions).as((id, region) -> SourceOffsets.partition(Registry.of(id, region)));
  }

  @Provide
  Arbitrary<Map<String, Object>> offsets() {
    Arbitrary<String> hashes = Arbitraries.strings().withChars("0123456789abcdef").ofLength(64);
    Arbitrary<String> fingerprints = Arbitraries.strings().withChars("0123456789abcdef").ofLength(52);
    Arbitrary<String> prefixes = Arbitraries.strings().ofMinLength(1).ofMaxLength(20);
    Arbitrary<Map<String, RuleFingerprint>> rules =
        Arbitraries.maps(prefixes, fingerprints.map(RuleFingerprint::decode)).ofMaxSize(8);
    Arbitrary<String> registryIds =
        Arbitraries.strings().numeric().ofLength(12).injectNull(0.2);
    return Combinators.combine(hashes, registryIds, rules, Arbitraries.of(1, 1L, 1.0))
        .as(
            (hash, id, prints, version) -> {
              Map<String, Object> offset =
                  SourceOffsets.offset(SnapshotState.restored(hash, id, prints));
              offset.put(SourceOffsets.VERSION, version); // JSON may bring any number type
              return offset;
            });
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

  @Provide
  Arbitrary<Damage> damages() {
    List<Arbitrary<Damage>> all = new ArrayList<>();
    all.add(Arbitraries.of("v", "snapshotHash", "rules").map(k -> new Damage("remove", k, null)));
    all.add(Arbitraries.of(0, 2, -1, 1.5, "1", true).map(v -> new Damage("put", "v", v)));
    all.add(
        Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789abcdef").ofMaxLength(63),
                Arbitraries.strings().withChars("0123456789ABCDEF").ofLength(64)
                    .filter(s -> !s.equals(s.toLowerCase())),
                Arbitraries.strings().ofLength(64).filter(s -> !s.matches("[0-9a-f]{64}")))
            .map(v -> new Damage("put", "snapshotHash", v)));
    all.add(Arbitraries.of(7, true, 1.0).map(v -> new Damage("put", "rules", v)));
    all.add(randomValues().map(v -> new Damage("nullKey", null, v)));
    all.add(Arbitraries.of(123456789012L, false).map(v -> new Damage("put", "registryId", v)));
    all.add(
        Combinators.combine(
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10)
                    .filter(k -> !List.of("v", "rules", "registryId").contains(k)),
                randomValues())
            .as((k, v) -> new Damage("put", k, v)));
    all.add(
        Arbitraries.of(";", ";=", ";a=", ";a=zz", ";a=" + "0".repeat(51), "=", ";%zz=" + "0".repeat(52))
            .map(v -> new Damage("corruptRules", null, v)));
    return Arbitraries.oneOf(all);
  }

  // ---- random maps of random values, null keys and values included

  @Provide
  Arbitrary<String> partitionKeys() {
    return Arbitraries.of("registryId", "region", "account", "");
  }

  @Provide
  Arbitrary<Object> randomValues() {
    Arbitrary<Object> leaf =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(70).map(s -> (Object) s),
            Arbitraries.strings().withChars("0123456789abcdef=;%").ofMaxLength(120).map(s -> (Object) s),
            Arbitraries.integers().map(i -> (Object) i),
            Arbitraries.longs().map(l -> (Object) l),
            Arbitraries.doubles().map(d -> (Object) d),
            Arbitraries.of(true, false).map(b -> (Object) b))
        .injectNull(0.1);
    return Arbitraries.oneOf(
        leaf, leaf, leaf, leaf.list().ofMaxSize(3).map(l -> (Object) l),
        Arbitraries.maps(Arbitraries.strings().ofMaxLength(5), leaf).ofMaxSize(3).map(m -> (Object) m));
  }

  @Provide
  Arbitrary<Map<String, Object>> randomMaps() {
    Arbitrary<String> keys =
        Arbitraries.oneOf(
            Arbitraries.of("v", "snapshotHash", "registryId", "rules", "region"),
            Arbitraries.strings().ofMaxLength(12));
    return Combinators.combine(
            Arbitraries.maps(keys, randomValues()).ofMaxSize(6),
            Arbitraries.of(false, false, false, true),
            randomValues())
        .as(
            (map, withNullKey, value) -> {
              Map<String, Object> result = new HashMap<>(map);
              if (withNullKey) {
                result.put(null, value);
              }
              return result;
            })
        .injectNull(0.05);
  }
}
