package io.github.ecrconnect.ptc.testkit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a SigV4 {@code Authorization} header the fake uses: access key id and region of the
 * credential scope. The signature itself is not verified.
 */
record SigV4Scope(String accessKeyId, String region) {
  private static final Pattern CREDENTIAL =
      Pattern.compile("Credential=([^/,\\s]+)/\\d{8}/([^/,\\s]+)/[^/,\\s]+/aws4_request");

  /** The scope, or null when the header is missing or not a SigV4 header. */
  static SigV4Scope parse(String authorization) {
    if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
      return null;
    }
    Matcher matcher = CREDENTIAL.matcher(authorization);
    return matcher.find() ? new SigV4Scope(matcher.group(1), matcher.group(2)) : null;
  }
}
