package io.github.ecrconnect.ptc.core;

/**
 * A listing that did not complete. Retriable ones (throttling, 5xx, timeouts, connection errors)
 * are tried again later; the others need the user to change something, which the message says.
 */
public final class RuleListingException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a listing failed. */
  public enum Reason {
    /** AWS asked to slow down: retriable. */
    THROTTLED,
    /** The service, network or response failed this time: retriable. */
    TRANSIENT,
    /** No credentials could be found at all: fatal for a task, a warning for validation. */
    NO_CREDENTIALS,
    /** AWS refused the request (access, credentials, parameters): fatal. */
    REJECTED
  }

  private final Reason reason;

  private RuleListingException(String message, Throwable cause, Reason reason) {
    super(message, cause);
    this.reason = reason;
  }

  public static RuleListingException retriable(String message, Throwable cause) {
    return new RuleListingException(message, cause, Reason.TRANSIENT);
  }

  public static RuleListingException throttled(String message, Throwable cause) {
    return new RuleListingException(message, cause, Reason.THROTTLED);
  }

  public static RuleListingException noCredentials(String message, Throwable cause) {
    return new RuleListingException(message, cause, Reason.NO_CREDENTIALS);
  }

  public static RuleListingException fatal(String message, Throwable cause) {
    return new RuleListingException(message, cause, Reason.REJECTED);
  }

  public Reason reason() {
    return reason;
  }

  public boolean isRetriable() {
    return reason == Reason.THROTTLED || reason == Reason.TRANSIENT;
  }

  public boolean isThrottled() {
    return reason == Reason.THROTTLED;
  }
}
