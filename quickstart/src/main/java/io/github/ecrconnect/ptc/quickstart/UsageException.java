package io.github.ecrconnect.ptc.quickstart;

/** A bad command line: reported with a pointer to --help, exit status 2. */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
