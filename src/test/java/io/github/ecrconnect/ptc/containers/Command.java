package io.github.ecrconnect.ptc.containers;

import io.github.ecrconnect.ptc.packaging.ProjectFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One command line (docker, docker-compose, a script of the project) run from the project directory
 * with a deadline; its output (stdout and stderr together) is kept for the result.
 */
public final class Command {
  private final List<String> command;
  private final Map<String, String> environment;
  private final Duration timeout;

  private Command(List<String> command, Map<String, String> environment, Duration timeout) {
    this.command = command;
    this.environment = environment;
    this.timeout = timeout;
  }

  public static Command of(
      Duration timeout, Map<String, String> environment, List<String> command) {
    return new Command(List.copyOf(command), Map.copyOf(environment), timeout);
  }

  /** What a finished command printed, and how it exited. */
  public record Result(int exitCode, String output) {
    public boolean succeeded() {
      return exitCode == 0;
    }
  }

  /** Runs it; a command still running at the deadline is killed and reported as exit code -1. */
  public Result run() {
    try {
      Path log = Files.createTempFile("command", ".log");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command)
                .directory(ProjectFiles.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        return new Result(finished ? process.exitValue() : -1, output);
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + command, e);
    }
  }

  /** Runs it and returns its output; fails the test, with the output, unless it exits with 0. */
  public String check() {
    Result result = run();
    if (!result.succeeded()) {
      throw new AssertionError(
          String.join(" ", command)
              + " exited with "
              + result.exitCode()
              + (result.exitCode() == -1 ? " (killed after " + timeout + ")" : "")
              + ":\n"
              + result.output());
    }
    return result.output();
  }

  /** Whether the program exists here and answers {@code args} with exit code 0. */
  public static boolean available(String... commandLine) {
    try {
      return of(Duration.ofSeconds(30), Map.of(), List.of(commandLine)).run().succeeded();
    } catch (UncheckedIOException notInstalled) {
      return false;
    }
  }
}
