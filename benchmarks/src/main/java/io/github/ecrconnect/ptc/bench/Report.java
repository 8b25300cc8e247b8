package io.github.ecrconnect.ptc.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of a benchmark run, each with its target, printed as a table at the end. */
public final class Report {
  /** Whether a figure meets its target; {@link #INFO} for figures without one. */
  public enum Verdict {
    MET,
    MISSED,
    INFO
  }

  private record Row(
      String benchmark, String figure, String value, String target, Verdict verdict) {}

  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  /** A figure with a target. */
  public synchronized void add(
      String benchmark, String figure, String value, String target, boolean met) {
    rows.add(new Row(benchmark, figure, value, target, met ? Verdict.MET : Verdict.MISSED));
    System.out.printf(
        "[bench] %s | %s = %s (target %s: %s)%n",
        benchmark, figure, value, target, met ? "met" : "MISSED");
  }

  /** A figure shown for context. */
  public synchronized void info(String benchmark, String figure, String value) {
    rows.add(new Row(benchmark, figure, value, "", Verdict.INFO));
    System.out.printf("[bench] %s | %s = %s%n", benchmark, figure, value);
  }

  public synchronized void note(String text) {
    notes.add(text);
    System.out.println("[bench] note: " + text);
  }

  public synchronized void printTo(PrintStream out) {
    out.print(markdown());
  }

  public synchronized void writeTo(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, markdown(), StandardCharsets.UTF_8);
  }

  private String markdown() {
    StringBuilder text = new StringBuilder();
    text.append("| benchmark | figure | value | target | verdict |\n");
    text.append("| --- | --- | --- | --- | --- |\n");
    for (Row row : rows) {
      text.append("| ")
          .append(row.benchmark)
          .append(" | ")
          .append(row.figure)
          .append(" | ")
          .append(row.value)
          .append(" | ")
          .append(row.target)
          .append(" | ")
          .append(row.verdict == Verdict.INFO ? "" : row.verdict.name().toLowerCase(Locale.ROOT))
          .append(" |\n");
    }
    if (!notes.isEmpty()) {
      text.append('\n');
      notes.forEach(note -> text.append("- ").append(note).append('\n'));
    }
    return text.toString();
  }

  /** A number with thousands separators and {@code decimals} decimals. */
  public static String num(double value, int decimals) {
    return String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }
}
