package io.github.ecrconnect.ptc.core;

import static io.github.ecrconnect.ptc.core.Rules.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecrconnect.ptc.core.BackgroundListings.Listing;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackgroundListingsTest {
  private static final Registry A = Registry.of("111111111111", "us-east-1");
  private static final Registry B = Registry.of("222222222222", "us-east-1");
  private static final Clock WALL =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  /** Registries whose listing hangs until the test ends. */
  private final Map<Registry, Boolean> hanging = new ConcurrentHashMap<>();

  private final CountDownLatch testEnded = new CountDownLatch(1);
  private final CountDownLatch interrupted = new CountDownLatch(1);
  private final CountDownLatch hangingStarted = new CountDownLatch(1);
  private final AtomicInteger calls = new AtomicInteger();
  private final RuleSource source =
      registry -> {
        calls.incrementAndGet();
        if (hanging.containsKey(registry)) {
          hangingStarted.countDown();
          try {
            testEnded.await();
          } catch (InterruptedException e) {
            interrupted.countDown();
          }
        }
        return List.of(rule(registry.registryIdOrNull()));
      };
  private final BackgroundListings listings =
      new BackgroundListings(source, WALL, () -> 0, 1, "ecr-ptc-test-0-listing");

  @AfterEach
  void close() {
    listings.close();
    testEnded.countDown();
  }

  @Test
  void aFinishedListingIsHandedOverOnceWithItsRulesAndWallClockStart() throws Exception {
    assertThat(listings.start(A)).isTrue();

    List<Listing> finished = listings.awaitFinished(5_000);
    assertThat(finished)
        .singleElement()
        .satisfies(
            listing -> {
              assertThat(listing.registry()).isEqualTo(A);
              assertThat(listing.rules()).containsExactly(rule("111111111111"));
              assertThat(listing.startedAtMs()).isEqualTo(WALL.millis());
            });
    assertThat(listings.isIdle()).isTrue();
    assertThat(listings.awaitFinished(0)).isEmpty();
  }

  @Test
  void aRegistryInFlightIsNotListedTwice() throws Exception {
    hanging.put(A, true);
    assertThat(listings.start(A)).isTrue();
    assertThat(listings.start(A)).as("running").isFalse();
    assertThat(listings.start(B)).isTrue();
    assertThat(listings.isIdle()).isFalse();
    assertThat(calls.get()).isLessThanOrEqualTo(1);
  }

  @Test
  void aFinishedListingNotYetHandedOverIsStillInFlight() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    BackgroundListings counted =
        new BackgroundListings(
            registry -> {
              calls.incrementAndGet();
              done.countDown();
              return List.of();
            },
            WALL,
            () -> 0,
            1,
            "ecr-ptc-test-1-listing");
    try {
      counted.start(A);
      assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(counted.start(A)).isFalse();
      assertThat(counted.awaitFinished(5_000)).hasSize(1);
      assertThat(counted.start(A)).as("handed over: may list again").isTrue();
    } finally {
      counted.close();
    }
  }

  @Test
  void waitingForAHangingListingEndsAfterTheMaximumWaitWithWhatFinished() throws Exception {
    hanging.put(B, true);
    listings.start(A);
    listings.start(B);

    long start = System.nanoTime();
    List<Listing> finished = listings.awaitFinished(300);
    long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(finished).extracting(Listing::registry).containsExactly(A);
    assertThat(waitedMs).isBetween(250L, 2_000L);
  }

  @Test
  void aFailureIsHandedOverAndAnUnexpectedErrorRethrownOnTheCallersThread() throws Exception {
    RuleListingException throttled = RuleListingException.throttled("throttled", null);
    IllegalStateException bug = new IllegalStateException("bug");
    BackgroundListings failing =
        new BackgroundListings(
            registry -> {
              if (registry.equals(A)) {
                throw throttled;
              }
              throw bug;
            },
            WALL,
            () -> 0,
            1,
            "ecr-ptc-test-2-listing");
    try {
      failing.start(A);
      failing.start(B);
      List<Listing> finished = failing.awaitFinished(5_000);
      assertThat(finished).hasSize(2);
      assertThatThrownBy(finished.get(0)::rules).isSameAs(throttled);
      assertThatThrownBy(finished.get(1)::rules).isSameAs(bug);
    } finally {
      failing.close();
    }
  }

  @Test
  void closeInterruptsTheListingWakesTheWaiterAndDropsEveryResult() throws Exception {
    hanging.put(A, true);
    listings.start(A);
    listings.start(B); // waiting behind A
    // Close while A runs: a listing closed before its thread took it up never runs at all.
    assertThat(hangingStarted.await(5, TimeUnit.SECONDS)).as("A's listing started").isTrue();
    CompletableFuture<List<Listing>> waiter =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return listings.awaitFinished(60_000);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });

    long start = System.nanoTime();
    listings.close();
    assertThat(waiter.get(1, TimeUnit.SECONDS)).isEmpty();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_000);
    assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the listing was interrupted").isTrue();
    assertThat(listings.awaitFinished(0)).as("A's late result is dropped").isEmpty();
    assertThat(listings.start(B)).as("closed").isFalse();
    assertThat(calls.get()).as("B never ran").isEqualTo(1);
  }

  @Test
  void theListingThreadIsADaemonNamedAfterTheTask() throws Exception {
    CompletableFuture<Thread> thread = new CompletableFuture<>();
    BackgroundListings named =
        new BackgroundListings(
            registry -> {
              thread.complete(Thread.currentThread());
              return List.of();
            },
            WALL,
            () -> 0,
            1,
            "ecr-ptc-my-connector-3-listing");
    try {
      named.start(A);
      Thread listing = thread.get(5, TimeUnit.SECONDS);
      assertThat(listing.getName()).isEqualTo("ecr-ptc-my-connector-3-listing-1");
      assertThat(listing.isDaemon()).isTrue();
    } finally {
      named.close();
    }
  }

  @Test
  void upToMaxInFlightRegistriesAreListedAtOnceAndTheOthersWaitTheirTurn() throws Exception {
    int maxInFlight = 3;
    List<Registry> registries = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      registries.add(Registry.of(String.format("%012d", i), "us-east-1"));
    }
    CountDownLatch firstThreeStarted = new CountDownLatch(maxInFlight);
    CountDownLatch release = new CountDownLatch(1);
    List<Registry> startOrder = new CopyOnWriteArrayList<>();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    BackgroundListings parallel =
        new BackgroundListings(
            registry -> {
              startOrder.add(registry);
              mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
              firstThreeStarted.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                running.decrementAndGet();
              }
              return List.of();
            },
            WALL,
            () -> 0,
            maxInFlight,
            "ecr-ptc-test-5-listing");
    try {
      registries.forEach(parallel::start);
      assertThat(firstThreeStarted.await(5, TimeUnit.SECONDS)).as("3 listings at once").isTrue();
      assertThat(startOrder)
          .as("the first three started; the others wait")
          .containsExactlyInAnyOrderElementsOf(registries.subList(0, 3));

      release.countDown();
      // Waits until none is running or waiting: all five.
      assertThat(parallel.awaitFinished(10_000))
          .as("handed over in the order started")
          .extracting(Listing::registry)
          .containsExactlyElementsOf(registries);
      assertThat(startOrder.subList(3, 5))
          .containsExactlyInAnyOrderElementsOf(registries.subList(3, 5));
      assertThat(mostAtOnce.get()).isEqualTo(maxInFlight);
    } finally {
      parallel.close();
    }
  }

  @Test
  void listingsAreHandedOverInTheOrderStartedNotTheOrderFinished() throws Exception {
    CountDownLatch bFinished = new CountDownLatch(1);
    BackgroundListings parallel =
        new BackgroundListings(
            registry -> {
              if (registry.equals(A)) {
                try {
                  bFinished.await(); // A finishes only after B
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              } else {
                bFinished.countDown();
              }
              return List.of();
            },
            WALL,
            () -> 0,
            2,
            "ecr-ptc-test-7-listing");
    try {
      parallel.start(A);
      parallel.start(B);
      assertThat(parallel.awaitFinished(10_000))
          .extracting(Listing::registry)
          .containsExactly(A, B);
    } finally {
      parallel.close();
    }
  }

  @Test
  void closeInterruptsEveryListingInFlight() throws Exception {
    CountDownLatch bothStarted = new CountDownLatch(2);
    CountDownLatch bothInterrupted = new CountDownLatch(2);
    BackgroundListings parallel =
        new BackgroundListings(
            registry -> {
              bothStarted.countDown();
              try {
                testEnded.await();
              } catch (InterruptedException e) {
                bothInterrupted.countDown();
              }
              return List.of();
            },
            WALL,
            () -> 0,
            2,
            "ecr-ptc-test-6-listing");
    parallel.start(A);
    parallel.start(B);
    assertThat(bothStarted.await(5, TimeUnit.SECONDS)).isTrue();

    parallel.close();

    assertThat(bothInterrupted.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(parallel.awaitFinished(0)).isEmpty();
  }

  @Test
  void atLeastOneListingInFlight() {
    assertThatThrownBy(() -> new BackgroundListings(source, WALL, () -> 0, 0, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }

  @Test
  void durationIsMeasuredOnTheMonotonicClock() throws Exception {
    long[] now = {10_000};
    BackgroundListings timed =
        new BackgroundListings(
            registry -> {
              now[0] += 1_234;
              return List.of();
            },
            WALL,
            () -> now[0],
            1,
            "ecr-ptc-test-4-listing");
    try {
      timed.start(A);
      assertThat(timed.awaitFinished(5_000))
          .singleElement()
          .satisfies(l -> assertThat(l.durationMs()).isEqualTo(1_234));
    } finally {
      timed.close();
    }
  }
}
