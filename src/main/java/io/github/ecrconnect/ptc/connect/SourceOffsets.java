package io.github.ecrconnect.ptc.connect;

import io.github.ecrconnect.ptc.aws.AwsNames;
import io.github.ecrconnect.ptc.core.PrefixFilter;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RuleFingerprint;
import io.github.ecrconnect.ptc.core.SnapshotState;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The source partition and offset format, encoded and decoded in this one place.
 *
 * <p>Partition: {@code {"registryId": <id or "default">, "region": <region>}}, built with a fixed
 * key order, because Connect finds stored offsets by the serialized partition map.
 *
 * <p>Offset (version 2), primitives only: {@code v}, {@code snapshotHash} (64 hex), {@code
 * registryId} (account id of the rules, absent until known), {@code rules}: one {@code <url-encoded
 * prefix>=<fingerprint>} per rule, joined by {@code ;}, in prefix order; {@code prefixes}: the
 * prefix filter the state was taken through, url-encoded and joined by {@code ;}, absent when every
 * prefix passed. Version 1 offsets (shorter fingerprints, no {@code prefixes}: the filter is
 * unknown) still decode.
 */
public final class SourceOffsets {
  public static final String PARTITION_REGISTRY_ID = "registryId";
  public static final String PARTITION_REGION = "region";

  public static final String VERSION = "v";
  public static final String SNAPSHOT_HASH = "snapshotHash";
  public static final String REGISTRY_ID = "registryId";
  public static final String RULES = "rules";
  public static final String PREFIXES = "prefixes";
  public static final int CURRENT_VERSION = 2;
  private static final int FIRST_VERSION = 1;

  private static final Set<String> OFFSET_KEYS =
      Set.of(VERSION, SNAPSHOT_HASH, REGISTRY_ID, RULES, PREFIXES);
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  private SourceOffsets() {}

  public static Map<String, Object> partition(Registry registry) {
    Map<String, Object> partition = new LinkedHashMap<>();
    partition.put(PARTITION_REGISTRY_ID, registry.partitionRegistryId());
    partition.put(PARTITION_REGION, registry.region());
    return partition;
  }

  /**
   * Reads a partition map back.
   *
   * @throws IllegalArgumentException if it is not one this connector writes
   */
  public static Registry registryOf(Map<String, ?> partition) {
    if (partition == null
        || partition.size() != 2
        || !(partition.get(PARTITION_REGISTRY_ID) instanceof String)
        || !(partition.get(PARTITION_REGION) instanceof String)) {
      throw new IllegalArgumentException(
          "a source partition must be {\"registryId\": <12-digit id or \"default\">, \"region\":"
              + " <region>}, got "
              + partition);
    }
    String registryId = (String) partition.get(PARTITION_REGISTRY_ID);
    String region = (String) partition.get(PARTITION_REGION);
    if (!Registry.DEFAULT_REGISTRY_ID.equals(registryId) && !AwsNames.isAccountId(registryId)) {
      throw new IllegalArgumentException(
          "partition registryId must be a 12-digit account id or \"default\", got " + registryId);
    }
    if (region.isBlank()) {
      throw new IllegalArgumentException("partition region must not be empty");
    }
    return Registry.of(registryId, region);
  }

  public static Map<String, Object> offset(SnapshotState state) {
    Map<String, Object> offset = new LinkedHashMap<>();
    offset.put(VERSION, CURRENT_VERSION);
    offset.put(SNAPSHOT_HASH, state.snapshotHash());
    if (state.registryId() != null) {
      offset.put(REGISTRY_ID, state.registryId());
    }
    StringBuilder rules = new StringBuilder(state.fingerprints().size() * 80);
    state
        .fingerprints()
        .forEach(
            (prefix, fingerprint) -> {
              if (rules.length() > 0) {
                rules.append(';');
              }
              rules.append(URLEncoder.encode(prefix, StandardCharsets.UTF_8));
              rules.append('=').append(fingerprint.encode());
            });
    offset.put(RULES, rules.toString());
    PrefixFilter scope = state.scope();
    if (scope != null && !scope.prefixes().isEmpty()) {
      offset.put(PREFIXES, joinEncoded(scope.prefixes()));
    }
    return offset;
  }

  private static String joinEncoded(Collection<String> prefixes) {
    StringBuilder text = new StringBuilder();
    for (String prefix : prefixes) {
      if (text.length() > 0) {
        text.append(';');
      }
      text.append(URLEncoder.encode(prefix, StandardCharsets.UTF_8));
    }
    return text.toString();
  }

  /**
   * Reads an offset back; null for a null offset (no state: the next poll is a fresh snapshot).
   *
   * @throws IllegalArgumentException naming what is wrong, if it is not a valid offset
   */
  public static SnapshotState state(Map<String, ?> offset) {
    if (offset == null) {
      return null;
    }
    for (String key : offset.keySet()) {
      if (key == null || !OFFSET_KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "unknown key '" + key + "' in offset; allowed keys are " + OFFSET_KEYS);
      }
    }
    Object version = offset.get(VERSION);
    if (!(version instanceof Number)
        || (((Number) version).doubleValue() != CURRENT_VERSION
            && ((Number) version).doubleValue() != FIRST_VERSION)) {
      throw new IllegalArgumentException(
          "offset key 'v' must be the number "
              + CURRENT_VERSION
              + " (or "
              + FIRST_VERSION
              + "), got "
              + version);
    }
    boolean firstVersion = ((Number) version).doubleValue() == FIRST_VERSION;
    Object hash = offset.get(SNAPSHOT_HASH);
    if (!(hash instanceof String) || !SHA256_HEX.matcher((String) hash).matches()) {
      throw new IllegalArgumentException(
          "offset key 'snapshotHash' must be 64 lower-case hex characters");
    }
    Object registryId = offset.get(REGISTRY_ID);
    if (registryId != null && !(registryId instanceof String)) {
      throw new IllegalArgumentException("offset key 'registryId' must be a string");
    }
    Object rules = offset.get(RULES);
    if (!(rules instanceof String)) {
      throw new IllegalArgumentException("offset key 'rules' must be a string");
    }
    Object prefixes = offset.get(PREFIXES);
    if (prefixes != null && (firstVersion || !(prefixes instanceof String))) {
      throw new IllegalArgumentException(
          "offset key 'prefixes' must be a string, in offsets of version " + CURRENT_VERSION);
    }
    // Version 1 did not record the filter: unknown, taken to be the configured one.
    PrefixFilter scope = firstVersion ? null : PrefixFilter.of(splitEncoded((String) prefixes));
    return SnapshotState.restored(
        (String) hash, (String) registryId, parseRules((String) rules, firstVersion), scope);
  }

  private static List<String> splitEncoded(String text) {
    List<String> prefixes = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return prefixes;
    }
    for (String encoded : text.split(";", -1)) {
      if (encoded.isEmpty()) {
        throw new IllegalArgumentException("offset key 'prefixes' holds an empty prefix");
      }
      prefixes.add(URLDecoder.decode(encoded, StandardCharsets.UTF_8));
    }
    return prefixes;
  }

  private static Map<String, RuleFingerprint> parseRules(String text, boolean firstVersion) {
    Map<String, RuleFingerprint> fingerprints = new TreeMap<>();
    if (text.isEmpty()) {
      return fingerprints;
    }
    for (String entry : text.split(";", -1)) {
      int equals = entry.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException(
            "offset key 'rules' must hold <prefix>=<fingerprint> entries joined by ';'");
      }
      String prefix = URLDecoder.decode(entry.substring(0, equals), StandardCharsets.UTF_8);
      String encoded = entry.substring(equals + 1);
      RuleFingerprint fingerprint =
          firstVersion ? RuleFingerprint.decodeVersion1(encoded) : RuleFingerprint.decode(encoded);
      if (fingerprints.put(prefix, fingerprint) != null) {
        throw new IllegalArgumentException("offset key 'rules' lists prefix " + prefix + " twice");
      }
    }
    return fingerprints;
  }
}
