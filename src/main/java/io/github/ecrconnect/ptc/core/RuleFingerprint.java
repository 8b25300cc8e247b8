package io.github.ecrconnect.ptc.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the connector remembers of a rule across restarts: a 64-bit hash of the whole rule (detects
 * any change), a 32-bit hash of the fields listed in {@code changedFields} (tells a change of only
 * {@code updatedAt} from a field-hash collision) and a 16-bit hash per field (names the changed
 * fields when the old rule body is no longer in memory). Encoded as 60 hex characters in the source
 * offset: rule hash, reported-fields hash, field hashes. The 52-character form of version 1 offsets
 * (no reported-fields hash) still decodes, see {@link #decodeVersion1}.
 */
public final class RuleFingerprint {
  private static final int FIELD_COUNT = RuleField.values().length;
  private static final int ENCODED_LENGTH = 16 + 8 + 4 * FIELD_COUNT;
  private static final int VERSION_1_ENCODED_LENGTH = 16 + 4 * FIELD_COUNT;

  private final long ruleHash;

  /** Over the reported fields only; null when decoded from a version 1 offset. */
  private final Integer reportedFieldsHash;

  private final short[] fieldHashes;

  RuleFingerprint(long ruleHash, Integer reportedFieldsHash, short[] fieldHashes) {
    this.ruleHash = ruleHash;
    this.reportedFieldsHash = reportedFieldsHash;
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
   * The reported fields whose hashes differ (see {@link RuleField#isReportedAsChanged()}). When
   * none differs although the rule does, either only {@code updatedAt} changed (the reported
   * fields' hash is the same: the result is empty) or a 16-bit collision hides the changed field
   * (or that hash is unknown, from a version 1 offset): then every reported field is listed, as
   * over-reporting is safer than missing a change.
   */
  public List<String> fieldsDifferingFrom(RuleFingerprint other) {
    List<String> changed = new ArrayList<>();
    RuleField[] fields = RuleField.ALL;
    for (int i = 0; i < FIELD_COUNT; i++) {
      if (fieldHashes[i] != other.fieldHashes[i] && fields[i].isReportedAsChanged()) {
        changed.add(fields[i].fieldName());
      }
    }
    boolean onlyUpdatedAtChanged =
        reportedFieldsHash != null && reportedFieldsHash.equals(other.reportedFieldsHash);
    if (changed.isEmpty() && !sameRuleAs(other) && !onlyUpdatedAtChanged) {
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
    if (reportedFieldsHash != null) {
      appendHex(text, reportedFieldsHash & 0xFFFFFFFFL, 8);
    }
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
    return decode(text, false);
  }

  /**
   * Parses the 52-character form of version 1 offsets, which has no reported-fields hash.
   *
   * @throws IllegalArgumentException if the text is not exactly that form
   */
  public static RuleFingerprint decodeVersion1(String text) {
    return decode(text, true);
  }

  private static RuleFingerprint decode(String text, boolean version1) {
    int length = version1 ? VERSION_1_ENCODED_LENGTH : ENCODED_LENGTH;
    if (text == null || text.length() != length) {
      throw new IllegalArgumentException(
          "a rule fingerprint must be " + length + " hex characters");
    }
    long ruleHash = parseHex(text, 0, 16);
    Integer reportedFieldsHash = version1 ? null : (int) parseHex(text, 16, 24);
    int fieldsStart = version1 ? 16 : 24;
    short[] fieldHashes = new short[FIELD_COUNT];
    for (int i = 0; i < FIELD_COUNT; i++) {
      int start = fieldsStart + 4 * i;
      fieldHashes[i] = (short) parseHex(text, start, start + 4);
    }
    return new RuleFingerprint(ruleHash, reportedFieldsHash, fieldHashes);
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
    return ruleHash == other.ruleHash
        && Objects.equals(reportedFieldsHash, other.reportedFieldsHash)
        && java.util.Arrays.equals(fieldHashes, other.fieldHashes);
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
