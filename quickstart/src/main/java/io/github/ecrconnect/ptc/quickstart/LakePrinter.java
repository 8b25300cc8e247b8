package io.github.ecrconnect.ptc.quickstart;

import io.github.ecrconnect.ptc.it.LakeQueries;
import io.github.ecrconnect.ptc.it.LakeRow.RuleKey;
import io.github.ecrconnect.ptc.it.LakeTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the sink's Iceberg table on its own thread and, after each commit that adds rows, prints
 * the row count and the current state the table holds (latest row per rule, deletes dropped: the
 * query of docs/data-lake.md), read with Iceberg's own generic reader.
 */
final class LakePrinter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LakePrinter.class);
  private static final Duration CHECK = Duration.ofSeconds(1);

  private final Path warehouse;
  private final String table;
  private final Console console;
  private final Thread thread;
  private volatile boolean closed;

  LakePrinter(Path warehouse, String table, Console console) {
    this.warehouse = warehouse;
    this.table = table;
    this.console = console;
    this.thread = new Thread(this::run, "lake-printer");
  }

  LakePrinter start() {
    thread.start();
    return this;
  }

  private void run() {
    long printed = 0;
    try (LakeTable lake = new LakeTable(warehouse, table)) {
      while (!closed) {
        try {
          long rows = lake.committedRows();
          if (rows != printed) {
            print(rows, LakeQueries.currentState(lake.rows()));
            printed = rows;
          }
        } catch (RuntimeException e) {
          // A commit in progress, say: the next check reads the table again.
          log.debug("cannot read {} yet", table, e);
        }
        Thread.sleep(CHECK.toMillis()); // the check interval of a watcher loop
      }
    } catch (InterruptedException e) {
      // closed
    } catch (Exception | LinkageError e) {
      // LinkageError: a test kit or Iceberg jar that does not match (an older install, say).
      if (!closed) {
        console.error("the lake printer stopped: " + e);
      }
    }
  }

  private void print(long rows, Map<RuleKey, Map<String, Object>> state) {
    synchronized (console) { // one block: no event line between the count and the state
      console.status("lake table %s: %d rows, current state %d rules", table, rows, state.size());
      state.forEach((key, rule) -> console.detail(String.format("%-40s %s", key, upstream(rule))));
    }
  }

  private static String upstream(Map<String, Object> rule) {
    Object url = rule.get("upstreamRegistryUrl");
    Object kind = rule.get("upstreamRegistry");
    Object prefix = rule.get("upstreamRepositoryPrefix");
    return url
        + (prefix == null || prefix.equals("") || prefix.equals("ROOT") ? "" : "/" + prefix)
        + (kind == null ? "" : " (" + kind + ")");
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
