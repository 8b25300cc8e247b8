package io.github.ecrconnect.ptc.quickstart;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code ./run} started as a user starts it in a terminal: its own session and process group (as a
 * terminal's foreground job has), so {@link #interrupt()} sends SIGINT to the whole group, as
 * Ctrl-C does. Every output line is kept (and echoed with a prefix); tests wait for lines with a
 * deadline.
 */
final class RunProcess implements AutoCloseable {
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;

  private RunProcess(Process process) {
    this.process = process;
    this.reader = new Thread(this::read, "run-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code ./run args} in the project directory (failsafe's working directory). */
  static RunProcess start(List<String> args) throws IOException {
    return start(args, Map.of());
  }

  /** As {@link #start(List)}, with {@code env} added to the environment. */
  static RunProcess start(List<String> args, Map<String, String> env) throws IOException {
    List<String> command = new ArrayList<>();
    if (onPath("setsid")) {
      command.add("setsid"); // a new session and process group, as a terminal job has
    }
    command.add("./run");
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("QUICKSTART_STARTED_AT_MS");
    builder.environment().remove("QUICKSTART_BUILD_MS");
    builder.environment().putAll(env);
    return new RunProcess(builder.start());
  }

  private static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        System.out.println("[./run] " + line);
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // the process is gone
    } finally {
      synchronized (lines) {
        lines.notifyAll();
      }
    }
  }

  long pid() {
    return process.pid();
  }

  List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /**
   * Waits until the output so far satisfies {@code condition}; returns that output. Fails at the
   * deadline, or as soon as the process ended without it.
   */
  List<String> await(Predicate<List<String>> condition, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      while (!condition.test(lines)) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || (!reader.isAlive() && !process.isAlive())) {
          throw new AssertionError(
              (left <= 0 ? "Timed out after " + timeout : "./run ended")
                  + " waiting for "
                  + what
                  + "; its output:\n"
                  + String.join("\n", lines));
        }
        lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 1_000_000_000L))));
      }
      return List.copyOf(lines);
    }
  }

  /** Waits for a line matching {@code regex}, and returns it. */
  String awaitLine(String regex, Duration timeout) throws InterruptedException {
    List<String> output =
        await(l -> l.stream().anyMatch(s -> s.matches(regex)), timeout, "a line " + regex);
    return output.stream().filter(s -> s.matches(regex)).findFirst().orElseThrow();
  }

  /** Everything the process started that is still running. */
  List<ProcessHandle> descendants() {
    return process.descendants().collect(Collectors.toList());
  }

  /** SIGINT to the process group, as Ctrl-C in a terminal sends it. */
  void interrupt() throws IOException, InterruptedException {
    signal("-INT");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    long group = processGroup().orElse(-1L);
    String target = group == process.pid() ? "-" + group : Long.toString(process.pid());
    // bash's own kill: no procps needed
    new ProcessBuilder("bash", "-c", "kill " + signal + " -- " + target)
        .inheritIO()
        .start()
        .waitFor();
  }

  /** The process group id, from /proc (Linux). */
  private Optional<Long> processGroup() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Optional.of(Long.parseLong(fields[2]));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Waits for the exit; returns the status, or fails after {@code timeout}. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(
          "./run did not exit within " + timeout + "; its output:\n" + String.join("\n", lines()));
    }
    reader.join(TimeUnit.SECONDS.toMillis(5));
    return process.exitValue();
  }

  /**
   * After a failed test: stops whatever is left (SIGTERM, then SIGKILL), never leaving a process.
   */
  @Override
  public void close() throws IOException {
    if (!process.isAlive()) {
      return;
    }
    List<ProcessHandle> left = new ArrayList<>(descendants());
    try {
      signal("-TERM");
      if (process.waitFor(40, TimeUnit.SECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    left.addAll(descendants());
    left.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
