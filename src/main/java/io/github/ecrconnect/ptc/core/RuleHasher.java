package io.github.ecrconnect.ptc.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Hashes rules over their {@link CanonicalEncoding}: SHA-256 per rule (whose first 8 bytes are the
 * rule hash, and whose full digest feeds the snapshot hash), FNV-1a per field and FNV-1a over the
 * fields reported as changed. One instance per thread: it reuses its buffers.
 */
final class RuleHasher {
  private static final int FNV_OFFSET_BASIS = 0x811C9DC5;
  private final CanonicalEncoding encoding = new CanonicalEncoding();
  private final MessageDigest sha256 = newSha256();
  private final byte[] digest = new byte[32];

  /** Fingerprints {@code rule}; afterwards {@link #lastDigest()} holds its full SHA-256. */
  RuleFingerprint fingerprint(PullThroughCacheRule rule) {
    encoding.encode(rule);
    sha256.update(encoding.buffer(), 0, encoding.length());
    try {
      sha256.digest(digest, 0, digest.length);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException(e);
    }
    long ruleHash = 0;
    for (int i = 0; i < 8; i++) {
      ruleHash = (ruleHash << 8) | (digest[i] & 0xFF);
    }
    short[] fieldHashes = new short[RuleField.ALL.length];
    int reportedFieldsHash = FNV_OFFSET_BASIS;
    for (int i = 0; i < fieldHashes.length; i++) {
      int start = encoding.fieldStart(i);
      int end = encoding.fieldEnd(i);
      int hash = fnv1a(FNV_OFFSET_BASIS, start, end);
      fieldHashes[i] = (short) (hash ^ (hash >>> 16));
      if (RuleField.ALL[i].isReportedAsChanged()) {
        // Each field's encoding starts with its presence byte and length: no ambiguity.
        reportedFieldsHash = fnv1a(reportedFieldsHash, start, end);
      }
    }
    return new RuleFingerprint(ruleHash, reportedFieldsHash, fieldHashes);
  }

  /** The full SHA-256 of the rule last passed to {@link #fingerprint}; overwritten by the next. */
  byte[] lastDigest() {
    return digest;
  }

  private int fnv1a(int hash, int start, int end) {
    byte[] bytes = encoding.buffer();
    for (int i = start; i < end; i++) {
      hash = (hash ^ (bytes[i] & 0xFF)) * 0x01000193;
    }
    return hash;
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
