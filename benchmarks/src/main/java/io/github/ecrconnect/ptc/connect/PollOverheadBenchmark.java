package io.github.ecrconnect.ptc.connect;

import io.github.ecrconnect.ptc.aws.EcrRuleSource;
import io.github.ecrconnect.ptc.bench.BenchRules;
import io.github.ecrconnect.ptc.bench.Report;
import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.DescribePullThroughCacheRulesRequest;
import software.amazon.awssdk.services.ecr.model.DescribePullThroughCacheRulesResponse;
import software.amazon.awssdk.services.ecr.model.PullThroughCacheRule;

/**
 * Benchmark 4: CPU time of the connector task's poll of a registry of 1,000 rules (the real task,
 * the real SDK client, the local endpoint; a quiet poll, the steady state) next to a bare AWS SDK
 * pagination loop that fetches the same rules from the same endpoint with the same page size. Both
 * run from this thread, alternating, so load and JIT state are shared; the task's side counts this
 * thread and the task's listing thread (where its SDK calls run), the bare loop this thread only:
 * the client side either way (the endpoint runs on its own threads).
 */
public final class PollOverheadBenchmark {
  private static final String REGION = "us-east-1";
  private static final String ACCOUNT = "123456789012";
  private static final int RULES = 1_000;
  private static final int WARMUP = 300;
  private static final int MEASURED = 500;
  private static final double TARGET_RATIO = 1.2;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private PollOverheadBenchmark() {}

  /** CPU time of this thread and of the task's listing thread. */
  private static long taskCpu(long listingThread) {
    return THREADS.getCurrentThreadCpuTime() + THREADS.getThreadCpuTime(listingThread);
  }

  private static long threadId(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no thread " + name))
        .getId();
  }

  public static void run(Report report) throws Exception {
    try (FakeEcrServer ecr = FakeEcrServer.start();
        EcrClient bare =
            EcrClient.builder()
                .region(Region.of(REGION))
                .endpointOverride(ecr.endpoint())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDBARE", "secret")))
                .build()) {
      BenchRules.fill(ecr, REGION, ACCOUNT, RULES);
      TaskHarness harness = new TaskHarness();
      Map<String, String> props = new HashMap<>();
      props.put("name", "overhead-bench");
      props.put("topic", "rules");
      props.put("aws.regions", REGION);
      props.put("aws.ecr.endpoint", ecr.endpoint().toString());
      props.put("aws.access.key.id", "AKIDTASK");
      props.put("aws.secret.access.key", "secret");
      props.put("aws.ecr.max.requests.per.second", "0");
      props.put("task.registries", ACCOUNT + "@" + REGION);
      EcrPullThroughCacheSourceTask task =
          harness.task((config, apiCalls) -> new EcrRuleSource(config.awsSettings(), apiCalls));
      task.initialize(harness.context(props));
      task.start(props);
      try {
        long firstStart = THREADS.getCurrentThreadCpuTime();
        List<SourceRecord> first = TaskHarness.pollSettled(task);
        long listingThread = threadId("ecr-ptc-overhead-bench-0-listing");
        long firstCpu =
            THREADS.getCurrentThreadCpuTime()
                - firstStart
                + THREADS.getThreadCpuTime(listingThread);
        if (first == null || first.size() != RULES) {
          throw new IllegalStateException("the first poll emitted " + first);
        }

        long[] connector = new long[MEASURED];
        long[] sdk = new long[MEASURED];
        long[] connectorWall = new long[MEASURED];
        long[] sdkWall = new long[MEASURED];
        for (int i = 0; i < WARMUP + MEASURED; i++) {
          boolean connectorFirst = i % 2 == 0;
          for (int side = 0; side < 2; side++) {
            boolean isConnector = (side == 0) == connectorFirst;
            long wall = System.nanoTime();
            long cpu = taskCpu(listingThread);
            if (isConnector) {
              harness.clock.advance(60_000);
              if (TaskHarness.pollSettled(task) != null) {
                throw new IllegalStateException("a quiet poll emitted records");
              }
            } else if (bareListing(bare).size() != RULES) {
              throw new IllegalStateException("the bare loop missed rules");
            }
            cpu = taskCpu(listingThread) - cpu;
            wall = System.nanoTime() - wall;
            if (i >= WARMUP) {
              (isConnector ? connector : sdk)[i - WARMUP] = cpu;
              (isConnector ? connectorWall : sdkWall)[i - WARMUP] = wall;
            }
          }
        }
        double ratio = median(connector) / median(sdk);
        report.add(
            "4 CPU overhead, 1,000 rules",
            "connector quiet poll / bare SDK pagination (median CPU)",
            Report.num(ratio, 3)
                + " ("
                + ms(median(connector))
                + " vs "
                + ms(median(sdk))
                + " CPU per poll; means "
                + ms(mean(connector))
                + " vs "
                + ms(mean(sdk))
                + "; "
                + MEASURED
                + " polls each)",
            "<= " + TARGET_RATIO,
            ratio <= TARGET_RATIO);
        report.info(
            "4 CPU overhead, 1,000 rules",
            "wall-clock ratio (median)",
            Report.num(median(connectorWall) / median(sdkWall), 3)
                + " ("
                + ms(median(connectorWall))
                + " vs "
                + ms(median(sdkWall))
                + ")");
        report.info(
            "4 CPU overhead, 1,000 rules",
            "first poll (1,000 r records built)",
            ms(firstCpu) + " CPU, one-off");
      } finally {
        task.stop();
      }
    }
  }

  /** What any client must do: every page, the SDK's objects collected. */
  private static List<PullThroughCacheRule> bareListing(EcrClient client) {
    List<PullThroughCacheRule> rules = new ArrayList<>();
    String nextToken = null;
    do {
      DescribePullThroughCacheRulesResponse page =
          client.describePullThroughCacheRules(
              DescribePullThroughCacheRulesRequest.builder()
                  .registryId(ACCOUNT)
                  .maxResults(1000)
                  .nextToken(nextToken)
                  .build());
      rules.addAll(page.pullThroughCacheRules());
      nextToken = page.nextToken();
    } while (nextToken != null);
    return rules;
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted.length % 2 == 1
        ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
  }

  private static double mean(long[] values) {
    return Arrays.stream(values).average().orElse(0);
  }

  private static String ms(double nanos) {
    return Report.num(nanos / 1e6, 2) + " ms";
  }
}
