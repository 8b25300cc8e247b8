package io.github.ecrconnect.ptc.connect;

import static io.github.ecrconnect.ptc.connect.TaskHarness.pollSettled;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.aws.EcrRuleSource;
import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import io.github.ecrconnect.ptc.testkit.FakeRule;
import io.github.ecrconnect.ptc.testkit.Fault;
import io.github.ecrconnect.ptc.testkit.LogCapture;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Half an hour of throttling on the task's own clock: the real AWS SDK against the local endpoint,
 * only the time is simulated. The retry delays the task schedules (read from its retry log lines)
 * grow from retry.backoff.ms to retry.backoff.max.ms and stay there, jittered; WARN lines come at
 * most once a minute; metrics count every throttled call; the task never fails; and when the
 * throttling stops, the rule created meanwhile is emitted.
 */
class ThrottlingForMinutesTest {
  private static final String ACCOUNT = "555555555555";
  private static final String REGION = "us-east-1";
  private static final long INITIAL = 1_000;
  private static final long CAP = 60_000;
  private static final long STORM_MS = 30 * 60_000;
  private static final Pattern RETRY_AT =
      Pattern.compile("[Rr]etrying at (\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z)");

  private final FakeEcrServer ecr = FakeEcrServer.start();
  private final TaskHarness harness = new TaskHarness();
  private final LogCapture logs = LogCapture.install();
  private EcrPullThroughCacheSourceTask task;

  @AfterEach
  void stop() {
    if (task != null) {
      task.stop();
    }
    logs.close();
    ecr.close();
  }

  private void startTask() {
    Map<String, String> props = new HashMap<>();
    props.put("name", "throttling-for-minutes");
    props.put("topic", "rules");
    props.put("poll.interval.ms", "60000");
    props.put("retry.backoff.ms", String.valueOf(INITIAL));
    props.put("retry.backoff.max.ms", String.valueOf(CAP));
    props.put("aws.regions", REGION);
    props.put("aws.ecr.endpoint", ecr.endpoint().toString());
    props.put("aws.access.key.id", "AKIDTHROTTLED");
    props.put("aws.secret.access.key", "throttled-secret");
    props.put("aws.ecr.max.attempts", "1"); // one HTTP attempt per poll: the task's backoff alone
    props.put("task.registries", ACCOUNT + "@" + REGION);
    task = harness.task((config, apiCalls) -> new EcrRuleSource(config.awsSettings(), apiCalls));
    task.initialize(harness.context(props));
    task.start(props);
  }

  /** The retry time the task logged last (WARN or DEBUG). */
  private long lastRetryAt() {
    List<String> lines = logs.lines();
    for (int i = lines.size() - 1; i >= 0; i--) {
      Matcher matcher = RETRY_AT.matcher(lines.get(i));
      if (lines.get(i).contains(EcrPullThroughCacheSourceTask.class.getName()) && matcher.find()) {
        return Instant.parse(matcher.group(1)).toEpochMilli();
      }
    }
    throw new AssertionError("no retry logged");
  }

  private List<String> warnings() {
    return logs.lines().stream()
        .filter(l -> l.startsWith("WARN " + EcrPullThroughCacheSourceTask.class.getName()))
        .collect(Collectors.toList());
  }

  private static List<String> prefixes(List<SourceRecord> records) {
    return records.stream()
        .map(
            r ->
                ((Struct) r.value()).getString("op")
                    + " "
                    + ((Struct) r.key()).getString("ecrRepositoryPrefix"))
        .collect(Collectors.toList());
  }

  private static long metric(String attribute) throws Exception {
    MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = TaskMetrics.objectName("throttling-for-minutes", 0);
    return ((Number) jmx.getAttribute(name, attribute)).longValue();
  }

  @Test
  void halfAnHourOfThrottlingBacksOffToTheCapWithJitterWarnsOnceAMinuteAndNeverFailsTheTask()
      throws Exception {
    ecr.put(REGION, ACCOUNT, FakeRule.of("before", "public.ecr.aws", "ecr-public"));
    startTask();
    List<SourceRecord> first = pollSettled(task);
    assertThat(prefixes(first)).containsExactly("r before");
    harness.commit(first);

    ecr.inject(Fault.throttling().always());
    ecr.put(REGION, ACCOUNT, FakeRule.of("during", "public.ecr.aws", "ecr-public"));
    long stormStart = harness.clock.millis() + 60_000;
    harness.clock.advance(60_000);
    assertThat(pollSettled(task)).as("a throttled poll emits nothing").isNull();

    List<Long> delays = new ArrayList<>();
    while (harness.clock.millis() - stormStart < STORM_MS) {
      long delay = lastRetryAt() - harness.clock.millis();
      delays.add(delay);
      harness.clock.advance(delay);
      assertThat(pollSettled(task)).as("retry %d emits nothing", delays.size()).isNull();
    }
    int failedPolls = delays.size() + 1;

    assertThat(delays).allSatisfy(d -> assertThat(d).isPositive().isLessThanOrEqualTo(CAP));
    for (int i = 0; i < delays.size(); i++) {
      long ceiling = Math.min(CAP, INITIAL << Math.min(i, 20));
      assertThat(delays.get(i))
          .as("retry %d grows at most by doubling", i + 1)
          .isLessThanOrEqualTo(ceiling);
    }
    List<Long> last10 = new ArrayList<>(delays.subList(delays.size() - 10, delays.size()));
    last10.sort(null);
    assertThat(last10.get(5))
        .as("the backoff grew to the cap's order")
        .isGreaterThanOrEqualTo(CAP / 4);
    assertThat(new HashSet<>(last10))
        .as("capped retries are jittered, not in lockstep")
        .hasSizeGreaterThan(3);

    long minutes = STORM_MS / 60_000;
    assertThat(warnings())
        .as("at most one WARN a minute for the registry")
        .hasSizeBetween(2, (int) minutes + 2)
        .allSatisfy(w -> assertThat(w).contains("ThrottlingException", "retrying at"));
    assertThat(metric("TotalNumberOfThrottledApiCalls")).isEqualTo(failedPolls);
    assertThat(metric("TotalNumberOfPollErrors")).isEqualTo(failedPolls);
    assertThat(metric("NumberOfRegistriesFailing")).isEqualTo(1);
    assertThat(metric("MilliSecondsSinceLastSuccessfulPoll")).isGreaterThanOrEqualTo(STORM_MS);

    ecr.clearFaults();
    harness.clock.advance(lastRetryAt() - harness.clock.millis());
    assertThat(prefixes(pollSettled(task))).as("nothing lost").containsExactly("c during");
    assertThat(metric("NumberOfRegistriesFailing")).isZero();
  }
}
