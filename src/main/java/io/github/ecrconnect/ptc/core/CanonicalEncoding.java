package io.github.ecrconnect.ptc.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The byte encoding of a rule that hashes are computed over: every field in {@link RuleField}
 * order, each as a presence byte then its value (length-prefixed UTF-8, or epoch millis). Fixed
 * order and explicit nulls make it independent of map order, JVM and locale.
 */
final class CanonicalEncoding {
  private byte[] buffer = new byte[512];
  private int length;
  private final int[] fieldEnds = new int[RuleField.ALL.length];

  /** Encodes {@code rule} into this (reused) buffer; not thread-safe. */
  CanonicalEncoding encode(PullThroughCacheRule rule) {
    length = 0;
    RuleField[] fields = RuleField.ALL;
    for (int i = 0; i < fields.length; i++) {
      writeValue(fields[i].valueOf(rule));
      fieldEnds[i] = length;
    }
    return this;
  }

  byte[] buffer() {
    return buffer;
  }

  int length() {
    return length;
  }

  int fieldStart(int fieldIndex) {
    return fieldIndex == 0 ? 0 : fieldEnds[fieldIndex - 1];
  }

  int fieldEnd(int fieldIndex) {
    return fieldEnds[fieldIndex];
  }

  private void writeValue(Object value) {
    if (value == null) {
      writeByte(0);
    } else if (value instanceof Instant) {
      writeByte(2);
      writeLong(((Instant) value).toEpochMilli());
    } else {
      writeString(value.toString());
    }
  }

  /** Presence byte, UTF-8 length, UTF-8 bytes; ASCII (nearly every rule) without a copy. */
  private void writeString(String text) {
    int chars = text.length();
    ensure(5 + chars);
    int start = length;
    int at = start + 5;
    for (int i = 0; i < chars; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        writeUtf8(text);
        return;
      }
      buffer[at++] = (byte) c;
    }
    writeByte(1);
    writeInt(chars);
    length = at;
  }

  private void writeUtf8(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    writeByte(1);
    writeInt(utf8.length);
    ensure(utf8.length);
    System.arraycopy(utf8, 0, buffer, length, utf8.length);
    length += utf8.length;
  }

  private void writeByte(int b) {
    ensure(1);
    buffer[length++] = (byte) b;
  }

  private void writeInt(int v) {
    ensure(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      buffer[length++] = (byte) (v >>> shift);
    }
  }

  private void writeLong(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buffer[length++] = (byte) (v >>> shift);
    }
  }

  private void ensure(int extra) {
    if (length + extra > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + extra));
    }
  }
}
