package io.github.ecrconnect.ptc.testkit;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;

/** Keeps every log line (with stack traces) of the worker and connector for scanning. */
public final class LogCapture extends AppenderSkeleton implements AutoCloseable {
  private final List<String> lines = new ArrayList<>();

  public static LogCapture install() {
    LogCapture capture = new LogCapture();
    capture.setThreshold(org.apache.log4j.Level.ALL);
    Logger.getRootLogger().addAppender(capture);
    // Our own DEBUG lines too: a secret must not appear at any level.
    Logger.getLogger("io.github.ecrconnect").setLevel(org.apache.log4j.Level.DEBUG);
    return capture;
  }

  @Override
  protected synchronized void append(LoggingEvent event) {
    StringBuilder line =
        new StringBuilder(event.getLevel() + " " + event.getLoggerName() + " ")
            .append(event.getRenderedMessage());
    if (event.getThrowableInformation() != null) {
      StringWriter trace = new StringWriter();
      event.getThrowableInformation().getThrowable().printStackTrace(new PrintWriter(trace));
      line.append('\n').append(trace);
    }
    lines.add(line.toString());
  }

  public synchronized List<String> lines() {
    return new ArrayList<>(lines);
  }

  @Override
  public void close() {
    Logger.getRootLogger().removeAppender(this);
    Logger.getLogger("io.github.ecrconnect").setLevel(org.apache.log4j.Level.INFO);
  }

  @Override
  public boolean requiresLayout() {
    return false;
  }
}
