package io.github.ecrconnect.ptc.connect;

import io.github.ecrconnect.ptc.core.Registry;
import java.util.HashMap;
import java.util.Map;

/**
 * Allows one retry WARN per registry per interval, so a long throttling storm does not flood logs.
 */
final class RetryWarnings {
  private final long intervalMs;
  private final Map<Registry, Long> lastWarnMs = new HashMap<>();

  RetryWarnings(long intervalMs) {
    this.intervalMs = intervalMs;
  }

  /** Whether a warning for {@code registry} may be logged now; records it if so. */
  boolean shouldWarn(Registry registry, long nowMs) {
    Long last = lastWarnMs.get(registry);
    if (last != null && nowMs - last < intervalMs) {
      return false;
    }
    lastWarnMs.put(registry, nowMs);
    return true;
  }

  void recovered(Registry registry) {
    lastWarnMs.remove(registry);
  }
}
