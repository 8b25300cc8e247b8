package io.github.ecrconnect.ptc.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the connector remembers of a rule across restarts: a 64-bit hash of the whole rule (detects
 * any change) and a 16-bit hash per field (names the changed fields when the old rule body is no
 * longer in memory). Encoded as 52 hex characters in the source offset.
 */
public final class RuleFingerprint {
  private static final int FIELD_COUNT = RuleField.values().length;
  private static final int ENCODED_LENGTH = 16 + 4 * FIELD_COUNT;

  private final long ruleHash;
  private final short[] fieldHashes;

  RuleFingerprint(long ruleHash, short[] fieldHashes) {
    this.ruleHash = ruleHash;
    this.fieldHashes = fieldHashes;
  }

  public long ruleHash() {
    return ruleHash;
  }

  /** True when the rule this fingerprints is unchanged (to 64-bit hash certainty). */
  public boolean sameRuleAs(RuleFingerprint other) {
    return ruleHash == other.ruleHash;
  }

  /**
   * The reported fields whose hashes differ (see {@link RuleField#isReportedAsChanged()}). If no
   * field hash differs although the rule hash does (a 16-bit collision, or only {@code updatedAt}
   * changed), the result is empty unless a hash collision is the only explanation; then every
   * reported field is listed: over-reporting is safer than missing a change.
   */
  public List<String> fieldsDifferingFrom(RuleFingerprint other) {
    List<String> changed = new ArrayList<>();
    boolean anyFieldDiffers = false;
    RuleField[] fields = RuleField.ALL;
    for (int i = 0; i < FIELD_COUNT; i++) {
      if (fieldHashes[i] != other.fieldHashes[i]) {
        anyFieldDiffers = true;
        if (fields[i].isReportedAsChanged()) {
          changed.add(fields[i].fieldName());
        }
      }
    }
    if (!anyFieldDiffers && !sameRuleAs(other)) {
      for (RuleField field : fields) {
        if (field.isReportedAsChanged()) {
          changed.add(field.fieldName());
        }
      }
    }
    return changed;
  }

  public String encode() {
    StringBuilder text = new StringBuilder(ENCODED_LENGTH);
    appendHex(text, ruleHash, 16);
    for (short fieldHash : fieldHashes) {
      appendHex(text, fieldHash & 0xFFFF, 4);
    }
    return text.toString();
  }

  /**
   * Parses {@link #encode()}'s output.
   *
   * @throws IllegalArgumentException if the text is not exactly that form
   */
  public static RuleFingerprint decode(String text) {
    if (text == null || text.length() != ENCODED_LENGTH) {
      throw new IllegalArgumentException(
          "a rule fingerprint must be " + ENCODED_LENGTH + " hex characters");
    }
    long ruleHash = parseHex(text, 0, 16);
    short[] fieldHashes = new short[FIELD_COUNT];
    for (int i = 0; i < FIELD_COUNT; i++) {
      int start = 16 + 4 * i;
      fieldHashes[i] = (short) parseHex(text, start, start + 4);
    }
    return new RuleFingerprint(ruleHash, fieldHashes);
  }

  private static void appendHex(StringBuilder text, long value, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      text.append(Character.forDigit((int) ((value >>> shift) & 0xF), 16));
    }
  }

  private static long parseHex(String text, int start, int end) {
    long value = 0;
    for (int i = start; i < end; i++) {
      int digit = Character.digit(text.charAt(i), 16);
      if (digit < 0) {
        throw new IllegalArgumentException("a rule fingerprint must be hex characters only");
      }
      value = (value << 4) | digit;
    }
    return value;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RuleFingerprint)) {
      return false;
    }
    RuleFingerprint other = (RuleFingerprint) o;
    return ruleHash == other.ruleHash && java.util.Arrays.equals(fieldHashes, other.fieldHashes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ruleHash);
  }

  @Override
  public String toString() {
    return encode();
  }
}
