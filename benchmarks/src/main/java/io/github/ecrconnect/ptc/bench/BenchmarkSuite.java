package io.github.ecrconnect.ptc.bench;

import io.github.ecrconnect.ptc.connect.CorePathBenchmarks;
import io.github.ecrconnect.ptc.connect.PollOverheadBenchmark;
import io.github.ecrconnect.ptc.it.OrganizationBenchmark;
import io.github.ecrconnect.ptc.it.WorkerBenchmarks;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs every benchmark of docs/PERFORMANCE.md and prints each figure with its target. Started by
 * {@code mvn -B -f benchmarks/pom.xml verify}; {@code -Dbench.only=jmh,api,...} runs a subset.
 */
public final class BenchmarkSuite {
  private BenchmarkSuite() {}

  public static void main(String[] args) {
    try {
      runAll();
    } catch (Throwable failure) {
      // The embedded broker's and worker's threads would keep the JVM (and the build) alive.
      failure.printStackTrace();
      System.exit(1);
    }
  }

  private static void runAll() throws Exception {
    Set<String> only =
        new TreeSet<>(Arrays.asList(System.getProperty("bench.only", "all").split(",")));
    Path output = Path.of(System.getProperty("bench.output", "target/benchmark"));
    Report report = new Report();
    Instant started = Instant.now();
    report.note(machine());

    if (selected(only, "jmh")) {
      CorePathBenchmarks.run(report);
    }
    if (selected(only, "api")) {
      ApiEfficiencyBenchmark.run(report);
    }
    if (selected(only, "overhead")) {
      PollOverheadBenchmark.run(report);
    }
    Set<String> worker = new TreeSet<>();
    for (String name : new String[] {"quiet", "latency", "scale"}) {
      if (selected(only, name)) {
        worker.add(name);
      }
    }
    if (!worker.isEmpty()) {
      WorkerBenchmarks.run(report, worker);
    }
    // Not part of "all": it runs for minutes at its full scale (docs/PERFORMANCE.md, benchmark 7).
    if (only.contains("organization")) {
      OrganizationBenchmark.run(report);
    }

    Duration took = Duration.between(started, Instant.now());
    report.note(
        "benchmark run took "
            + took.toSeconds()
            + " s; load average at the end "
            + Report.num(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), 2));
    System.out.println();
    System.out.println("==== Benchmark results ====");
    report.printTo(System.out);
    report.writeTo(output.resolve("results.md"));
    System.out.println("(also written to " + output.resolve("results.md") + ")");
    System.exit(0);
  }

  private static boolean selected(Set<String> only, String name) {
    return only.contains("all") || only.contains(name);
  }

  private static String machine() {
    Runtime runtime = Runtime.getRuntime();
    return String.format(
        "machine: %d cores (%s), JDK %s, max heap %d MiB, load average at start %s",
        runtime.availableProcessors(),
        System.getProperty("os.arch"),
        System.getProperty("java.version"),
        runtime.maxMemory() >> 20,
        Report.num(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), 2));
  }
}
