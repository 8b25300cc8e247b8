package io.github.ecrconnect.ptc.quickstart;

import java.io.PrintStream;

/**
 * What ./run prints. Status lines start with {@code [run]}; event lines stand alone. With --json,
 * status lines go to stderr so that stdout holds only records (one JSON object a line).
 */
final class Console {
  private final PrintStream status;
  private final PrintStream events;

  Console(PrintStream out, PrintStream err, boolean json) {
    this.events = out;
    this.status = json ? err : out;
  }

  /** A status line such as "[run] Kafka broker (KRaft) 127.0.0.1:9092". */
  synchronized void status(String format, Object... args) {
    status.println("[run] " + String.format(format, args));
    status.flush();
  }

  /** A line that continues the status (indented under it), e.g. the tail of a log. */
  synchronized void detail(String line) {
    status.println("      " + line);
    status.flush();
  }

  synchronized void event(String line) {
    events.println(line);
    events.flush();
  }

  synchronized void error(String message) {
    status.println("[run] ERROR: " + message);
    status.flush();
  }
}
