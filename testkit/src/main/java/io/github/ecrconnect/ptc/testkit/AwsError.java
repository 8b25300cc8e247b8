package io.github.ecrconnect.ptc.testkit;

/** An error answer: HTTP status, AWS error code and message, rendered by each protocol. */
final class AwsError extends Exception {
  private static final long serialVersionUID = 1L;

  final int status;
  final String code;

  AwsError(int status, String code, String message) {
    // No stack trace: this is an answer, not a failure of the fake.
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }
}
