package io.github.ecrconnect.ptc.quickstart;

/**
 * A failure ./run reports as its message alone, without a stack trace: the message says what went
 * wrong and what to do about it.
 */
final class QuickStartException extends Exception {
  private static final long serialVersionUID = 1L;

  QuickStartException(String message) {
    super(message);
  }

  QuickStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
