package io.github.ecrconnect.ptc.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.core.PullThroughCacheRule;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RuleListingException;
import io.github.ecrconnect.ptc.core.RuleSource;
import io.github.ecrconnect.ptc.testkit.LogCapture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a task paces its registries: spread first polls, bounded poll() calls, quiet stops. */
class TaskPacingTest {
  private static final List<Registry> REGISTRIES =
      List.of(
          Registry.of("111111111111", "us-east-1"),
          Registry.of("222222222222", "us-east-1"),
          Registry.of("333333333333", "us-east-1"));

  private final TaskHarness harness = new TaskHarness();
  private final List<Registry> listed = new ArrayList<>();
  private final List<EcrPullThroughCacheSourceTask> started = new ArrayList<>();
  private RuleSource behaviour = this::oneRule;

  private List<PullThroughCacheRule> oneRule(Registry registry) {
    listed.add(registry);
    return List.of(
        PullThroughCacheRule.builder()
            .registryId(registry.registryIdOrNull())
            .ecrRepositoryPrefix("hub")
            .upstreamRegistryUrl("registry-1.docker.io")
            .build());
  }

  @AfterEach
  void stopTasks() {
    started.forEach(EcrPullThroughCacheSourceTask::stop);
  }

  private EcrPullThroughCacheSourceTask startTask(Map<String, String> overrides) {
    Map<String, String> props = new HashMap<>();
    props.put("topic", "rules");
    props.put("poll.interval.ms", "60000");
    props.put("aws.regions", "us-east-1");
    props.put("task.registries", EcrSourceTaskConfig.encode(REGISTRIES));
    props.putAll(overrides);
    EcrPullThroughCacheSourceTask task =
        new EcrPullThroughCacheSourceTask(harness.clock, (config, apiCalls) -> r -> behaviour.list(r));
    task.initialize(harness.context(props));
    task.start(props);
    started.add(task);
    return task;
  }

  private static List<String> accounts(List<SourceRecord> records) {
    return records == null
        ? List.of()
        : records.stream()
            .map(r -> ((Struct) r.key()).getString("registryId"))
            .collect(Collectors.toList());
  }

  @Test
  void firstPollsStartOneRateLimitTokenApart() throws Exception {
    EcrPullThroughCacheSourceTask task = startTask(Map.of("aws.ecr.max.requests.per.second", "4"));

    assertThat(accounts(task.poll())).containsExactly("111111111111");
    harness.clock.advance(249);
    assertThat(task.poll()).isNull();
    harness.clock.advance(1);
    assertThat(accounts(task.poll())).containsExactly("222222222222");
    harness.clock.advance(250);
    assertThat(accounts(task.poll())).containsExactly("333333333333");
  }

  @Test
  void withoutARateLimitFirstPollsAreAHundredMillisecondsApart() throws Exception {
    EcrPullThroughCacheSourceTask task = startTask(Map.of("aws.ecr.max.requests.per.second", "0"));

    assertThat(accounts(task.poll())).hasSize(1);
    harness.clock.advance(200);
    assertThat(accounts(task.poll())).hasSize(2);
  }

  @Test
  void aPollReturnsAfterASecondOfListingsAndTheRestFollowInTheNext() throws Exception {
    behaviour =
        registry -> {
          harness.clock.advance(600); // a listing that waited for the rate limit
          return oneRule(registry);
        };
    EcrPullThroughCacheSourceTask task = startTask(Map.of());
    harness.clock.advance(1_000); // all three are due

    assertThat(accounts(task.poll())).containsExactly("111111111111", "222222222222");
    assertThat(accounts(task.poll())).containsExactly("333333333333");
    assertThat(listed).containsExactlyElementsOf(REGISTRIES);
  }

  @Test
  void aListingEndedByStopIsNeitherAnErrorNorAWarning() throws Exception {
    EcrPullThroughCacheSourceTask[] self = new EcrPullThroughCacheSourceTask[1];
    behaviour =
        registry -> {
          self[0].stop();
          throw RuleListingException.retriable("Listing stopped: the task is stopping", null);
        };
    try (LogCapture logs = LogCapture.install()) {
      self[0] = startTask(Map.of());

      assertThat(self[0].poll()).isNull();

      assertThat(logs.lines())
          .filteredOn(line -> line.startsWith("WARN") || line.startsWith("ERROR"))
          .isEmpty();
    }
  }
}
