package io.github.ecrconnect.ptc.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An opaque nextToken: where the next page starts and which page it is. */
record PageToken(int offset, int page) {
  private static final Pattern FORMAT = Pattern.compile("fake-ecr-page:(\\d{1,9}):(\\d{1,9})");

  String encode() {
    String text = "fake-ecr-page:" + offset + ":" + page;
    return Base64.getUrlEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The token, or null if {@code text} is not one this server issued. */
  static PageToken decode(String text) {
    String decoded;
    try {
      decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
    Matcher matcher = FORMAT.matcher(decoded);
    if (!matcher.matches()) {
      return null;
    }
    int page = Integer.parseInt(matcher.group(2));
    return page < 2 ? null : new PageToken(Integer.parseInt(matcher.group(1)), page);
  }
}
