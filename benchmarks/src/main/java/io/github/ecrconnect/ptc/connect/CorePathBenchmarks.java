package io.github.ecrconnect.ptc.connect;

import io.github.ecrconnect.ptc.bench.Report;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** Runs {@link CorePathBenchmark} with JMH and reports ns per rule and rules per second. */
public final class CorePathBenchmarks {
  private static final double TARGET_RULES_PER_SECOND = 1_000_000;

  private CorePathBenchmarks() {}

  public static void run(Report report) throws Exception {
    Options options =
        new OptionsBuilder()
            .include(CorePathBenchmark.class.getName() + "\\.")
            .shouldFailOnError(true)
            .build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, RunResult> sorted = new TreeMap<>();
    for (RunResult result : results) {
      String method = result.getParams().getBenchmark();
      method = method.substring(method.lastIndexOf('.') + 1);
      int rules = Integer.parseInt(result.getParams().getParam("rules"));
      sorted.put(String.format("%s/%06d", method, rules), result);
    }
    for (Map.Entry<String, RunResult> entry : sorted.entrySet()) {
      RunResult result = entry.getValue();
      String method = entry.getKey().substring(0, entry.getKey().indexOf('/'));
      int rules = Integer.parseInt(result.getParams().getParam("rules"));
      double wallNsPerRule = result.getPrimaryResult().getScore() / rules;
      double errorPerRule = result.getPrimaryResult().getScoreError() / rules;
      double cpuNs = result.getSecondaryResults().get("cpuNs").getScore();
      double ops = result.getSecondaryResults().get("ops").getScore();
      double cpuNsPerRule = cpuNs / ops / rules;
      double rulesPerCpuSecond = 1e9 / cpuNsPerRule;
      String figure = method + ", " + Report.num(rules, 0) + " rules";
      String value =
          Report.num(cpuNsPerRule, 1)
              + " CPU ns/rule = "
              + Report.num(rulesPerCpuSecond / 1e6, 2)
              + " M rules/s per core (wall "
              + Report.num(wallNsPerRule, 1)
              + " ± "
              + Report.num(errorPerRule, 1)
              + " ns/rule)";
      if (method.equals("unchanged")) {
        report.add(
            "1 core path (JMH)",
            figure,
            value,
            ">= 1.00 M rules/s per core",
            rulesPerCpuSecond >= TARGET_RULES_PER_SECOND);
      } else {
        report.info("1 core path (JMH)", figure, value);
      }
    }
  }
}
