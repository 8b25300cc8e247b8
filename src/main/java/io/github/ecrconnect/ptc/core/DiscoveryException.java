package io.github.ecrconnect.ptc.core;

/**
 * Listing the organization's accounts or an account's regions failed. Retriable ones (throttling,
 * 5xx, timeouts) may pass by themselves; the others need the user to change something, which the
 * message says.
 */
public final class DiscoveryException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean retriable;

  private DiscoveryException(String message, Throwable cause, boolean retriable) {
    super(message, cause);
    this.retriable = retriable;
  }

  public static DiscoveryException retriable(String message, Throwable cause) {
    return new DiscoveryException(message, cause, true);
  }

  public static DiscoveryException fatal(String message, Throwable cause) {
    return new DiscoveryException(message, cause, false);
  }

  public boolean isRetriable() {
    return retriable;
  }
}
