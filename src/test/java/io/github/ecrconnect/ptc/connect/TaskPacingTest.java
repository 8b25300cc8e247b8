package io.github.ecrconnect.ptc.connect;

import static io.github.ecrconnect.ptc.connect.TaskHarness.pollSettled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.ecrconnect.ptc.core.PullThroughCacheRule;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RuleListingException;
import io.github.ecrconnect.ptc.core.RuleSource;
import io.github.ecrconnect.ptc.testkit.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
  // Listings run on the task's listing thread; the test thread reads this too.
  private final List<Registry> listed = new CopyOnWriteArrayList<>();
  private final List<EcrPullThroughCacheSourceTask> started = new ArrayList<>();
  private volatile RuleSource behaviour = this::oneRule;

  private List<PullThroughCacheRule> oneRule(Registry registry) {
    listed.add(registry);
    return List.of(
        PullThroughCacheRule.builder()
            .registryId(registry.registryIdOrNull())
            .ecrRepositoryPrefix("hub")
            .upstreamRegistryUrl("registry-1.docker.io")
            .build());
  }

  /** Ends the listings a test leaves hanging, so their threads end too. */
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stopTasks() {
    started.forEach(EcrPullThroughCacheSourceTask::stop);
    release.countDown();
  }

  private EcrPullThroughCacheSourceTask startTask(Map<String, String> overrides) {
    Map<String, String> props = new HashMap<>();
    props.put("topic", "rules");
    props.put("poll.interval.ms", "60000");
    props.put("aws.regions", "us-east-1");
    props.put("task.registries", EcrSourceTaskConfig.encode(REGISTRIES));
    props.putAll(overrides);
    EcrPullThroughCacheSourceTask task = harness.task((config, apiCalls) -> r -> behaviour.list(r));
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

  /**
   * A reassignment (an account joined the organization) restarts the task with registries it read
   * before and a new one: the new one is polled first, not after the others' spread.
   */
  @Test
  void aRegistryWithoutStoredStateIsPolledBeforeTheRestoredOnes() throws Exception {
    EcrPullThroughCacheSourceTask first = startTask(Map.of("aws.ecr.max.requests.per.second", "4"));
    harness.clock.advance(1_000);
    harness.commit(pollSettled(first));
    first.stop();
    Registry joined = Registry.of("444444444444", "us-east-1");
    List<Registry> reassigned = new ArrayList<>(REGISTRIES);
    reassigned.add(1, joined);

    EcrPullThroughCacheSourceTask second =
        startTask(
            Map.of(
                "aws.ecr.max.requests.per.second",
                "4",
                "task.registries",
                EcrSourceTaskConfig.encode(reassigned)));

    assertThat(accounts(second.poll()))
        .as("the first poll after the restart")
        .containsExactly("444444444444");
    harness.clock.advance(250);
    assertThat(second.poll()).as("restored, nothing changed").isNull();
    assertThat(listed.subList(listed.size() - 2, listed.size()))
        .containsExactly(joined, REGISTRIES.get(0));
  }

  @Test
  void withoutARateLimitFirstPollsAreAHundredMillisecondsApart() throws Exception {
    EcrPullThroughCacheSourceTask task = startTask(Map.of("aws.ecr.max.requests.per.second", "0"));

    assertThat(accounts(task.poll())).hasSize(1);
    harness.clock.advance(200);
    assertThat(accounts(task.poll())).hasSize(2);
  }

  @Test
  void aPollReturnsWithinASecondWhileAListingHangsAndTheOtherRegistriesGoOn() throws Exception {
    behaviour = hangingOn(REGISTRIES.get(1));
    EcrPullThroughCacheSourceTask task = startTask(Map.of());
    harness.clock.advance(1_000); // all three are due

    assertThat(accounts(assertTimeoutPreemptively(Duration.ofSeconds(2), task::poll)))
        .as("listed beside the hanging one (aws.ecr.max.listings.in.flight=4)")
        .containsExactly("111111111111", "333333333333");
    assertThat(accounts(assertTimeoutPreemptively(Duration.ofSeconds(2), task::poll)))
        .as("the hanging listing is not started again")
        .isEmpty();

    release.countDown();
    assertThat(accounts(pollSettled(task))).containsExactly("222222222222");
    assertThat(listed).containsExactlyInAnyOrderElementsOf(REGISTRIES);
  }

  @Test
  void withOneListingInFlightTheOthersWaitBehindAHangingOne() throws Exception {
    behaviour = hangingOn(REGISTRIES.get(1));
    EcrPullThroughCacheSourceTask task = startTask(Map.of("aws.ecr.max.listings.in.flight", "1"));
    harness.clock.advance(1_000);

    assertThat(accounts(assertTimeoutPreemptively(Duration.ofSeconds(2), task::poll)))
        .containsExactly("111111111111");
    assertThat(accounts(assertTimeoutPreemptively(Duration.ofSeconds(2), task::poll))).isEmpty();

    release.countDown();
    assertThat(accounts(pollSettled(task))).containsExactly("222222222222", "333333333333");
    assertThat(listed).containsExactlyElementsOf(REGISTRIES);
  }

  /** Listing {@code hanging} blocks until the test releases it, like an HTTP read. */
  private RuleSource hangingOn(Registry hanging) {
    return registry -> {
      if (registry.equals(hanging)) {
        awaitUninterruptibly(release); // an HTTP read the SDK cannot interrupt
      }
      return oneRule(registry);
    };
  }

  @Test
  void stopAbandonsAListingInFlightAtOnceAndNothingOfItIsEmitted() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    behaviour =
        registry -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            interrupted.countDown();
          }
          return oneRule(registry); // ended, but too late: abandoned
        };
    EcrPullThroughCacheSourceTask task = startTask(Map.of());
    assertTimeoutPreemptively(Duration.ofSeconds(3), () -> assertThat(task.poll()).isNull());

    long start = System.nanoTime();
    task.stop();
    assertThat(System.nanoTime() - start).isLessThan(Duration.ofMillis(500).toNanos());
    assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the listing was interrupted").isTrue();
    assertThat(task.poll()).as("the abandoned listing reports nothing").isNull();
  }

  @Test
  void stopFromAnotherThreadEndsAPollThatWaitsForAListing() throws Exception {
    CountDownLatch listing = new CountDownLatch(1);
    behaviour =
        registry -> {
          listing.countDown();
          awaitUninterruptibly(release);
          return oneRule(registry);
        };
    EcrPullThroughCacheSourceTask task = startTask(Map.of());
    CompletableFuture<List<SourceRecord>> poll =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return task.poll();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(listing.await(5, TimeUnit.SECONDS)).isTrue();

    task.stop(); // as workers before KAFKA-10792 do, while poll() runs
    assertThat(poll.get(500, TimeUnit.MILLISECONDS)).isNull();
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    while (true) {
      try {
        latch.await();
        return;
      } catch (InterruptedException e) {
        // like a blocking socket read: an interrupt does not end it
      }
    }
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
