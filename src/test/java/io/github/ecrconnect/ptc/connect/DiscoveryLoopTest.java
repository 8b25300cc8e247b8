package io.github.ecrconnect.ptc.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.github.ecrconnect.ptc.core.Backoff;
import io.github.ecrconnect.ptc.core.DiscoveryException;
import io.github.ecrconnect.ptc.core.Registry;
import io.github.ecrconnect.ptc.core.RegistryScope;
import io.github.ecrconnect.ptc.core.ScopeDiscovery;
import io.github.ecrconnect.ptc.testkit.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connector's discovery schedule, driven by a scripted discovery and a controlled clock. */
class DiscoveryLoopTest {
  private static final String US = "us-east-1";
  private static final String A = "111111111111";
  private static final String B = "222222222222";

  private final List<String> members = new ArrayList<>(List.of(A));
  private final Map<String, DiscoveryException> regionFailures = new ConcurrentHashMap<>();
  private volatile DiscoveryException listingFailure;
  private final AtomicInteger discoveries = new AtomicInteger();
  private final AtomicInteger changes = new AtomicInteger();
  private final AtomicLong nowMs = new AtomicLong(1_000_000);
  private DiscoveryLoop loop;

  private final ScopeDiscovery scope =
      new ScopeDiscovery(
          RegistryScope.of(List.of("all"), List.of("organization"), List.of(), List.of()),
          () -> {
            discoveries.incrementAndGet();
            if (listingFailure != null) {
              throw listingFailure;
            }
            return List.copyOf(members);
          },
          account -> {
            if (regionFailures.containsKey(account)) {
              throw regionFailures.get(account);
            }
            return List.of(US);
          });

  private DiscoveryLoop loop(long intervalMs) {
    loop =
        new DiscoveryLoop(
            "test",
            scope::discover,
            intervalMs,
            new Backoff(1, 4, new Random(1)),
            changes::incrementAndGet,
            nowMs::get);
    return loop;
  }

  @AfterEach
  void close() {
    if (loop != null) {
      loop.close();
    }
  }

  @Test
  void startReturnsTheFirstRegistriesFound() {
    assertThat(loop(3_600_000).start(Duration.ofSeconds(10))).containsExactly(Registry.of(A, US));
    assertThat(changes).hasValue(0);
  }

  @Test
  void aChangedSetAsksForReassignmentAndTheSameSetDoesNot() {
    DiscoveryLoop loop = loop(3_600_000);
    loop.start(Duration.ofSeconds(10));

    assertThat(loop.runOnce()).isEqualTo(3_600_000);
    assertThat(changes).hasValue(0);

    members.add(B);
    loop.runOnce();
    assertThat(changes).hasValue(1);
    assertThat(loop.current()).containsExactly(Registry.of(A, US), Registry.of(B, US));

    members.remove(A);
    loop.runOnce();
    assertThat(changes).hasValue(2);
    assertThat(loop.current()).containsExactly(Registry.of(B, US));
  }

  @Test
  void aReassignmentRequestThatFailsIsMadeAgainAtTheNextDiscovery() {
    AtomicInteger requests = new AtomicInteger();
    loop =
        new DiscoveryLoop(
            "test",
            scope::discover,
            3_600_000,
            new Backoff(1, 4, new Random(1)),
            () -> {
              if (requests.incrementAndGet() == 1) {
                throw new IllegalStateException("the herder is busy");
              }
            },
            nowMs::get);
    loop.start(Duration.ofSeconds(10));
    members.add(B);

    assertThat(loop.runOnce()).as("retried sooner").isLessThan(3_600_000);
    assertThat(loop.current()).containsExactly(Registry.of(A, US));
    loop.runOnce();

    assertThat(requests).hasValue(2);
    assertThat(loop.current()).containsExactly(Registry.of(A, US), Registry.of(B, US));
  }

  @Test
  void aFailureKeepsTheLastSetRetriesSoonerAndWarnsAtMostOncePerInterval() {
    DiscoveryLoop loop = loop(3_600_000);
    loop.start(Duration.ofSeconds(10));
    listingFailure =
        DiscoveryException.fatal("AccessDenied: grant organizations:ListAccounts", null);

    try (LogCapture logs = LogCapture.install()) {
      long delay = loop.runOnce();
      loop.runOnce();
      nowMs.addAndGet(DiscoveryLoop.WARN_INTERVAL_MS);
      loop.runOnce();

      assertThat(delay).isBetween(1L, 4L);
      assertThat(loop.current()).containsExactly(Registry.of(A, US));
      assertThat(changes).hasValue(0);
      assertThat(logs.lines())
          .filteredOn(line -> line.startsWith("WARN") && line.contains("keeping the 1 registries"))
          .hasSize(2);

      listingFailure = null;
      assertThat(loop.runOnce()).isEqualTo(3_600_000);
      assertThat(logs.lines()).anyMatch(line -> line.contains("discovery works again"));
    }
  }

  @Test
  void aRefusedFirstDiscoveryFailsTheStartWithItsMessage() {
    listingFailure =
        DiscoveryException.fatal("Grant the IAM action organizations:ListAccounts", null);

    assertThatExceptionOfType(ConnectException.class)
        .isThrownBy(() -> loop(3_600_000).start(Duration.ofSeconds(10)))
        .withMessageContaining("found no registries")
        .withMessageContaining("organizations:ListAccounts");
    assertThat(discoveries).hasValue(1);
  }

  @Test
  void aFirstDiscoveryThatFailsForNowIsRetriedUntilItWorks() {
    listingFailure = DiscoveryException.retriable("throttled", null);
    Thread fixer =
        new Thread(
            () -> {
              while (discoveries.get() < 3) {
                Thread.onSpinWait();
              }
              listingFailure = null;
            });
    fixer.start();

    assertThat(loop(3_600_000).start(Duration.ofSeconds(30))).containsExactly(Registry.of(A, US));
    assertThat(discoveries.get()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void aFirstDiscoveryThatCanReadNoAccountFailsTheStart() {
    regionFailures.put(
        A, DiscoveryException.fatal("Grant the IAM action account:ListRegions", null));

    assertThatExceptionOfType(ConnectException.class)
        .isThrownBy(() -> loop(3_600_000).start(Duration.ofSeconds(10)))
        .withMessageContaining("account:ListRegions");
  }

  @Test
  void anAccountWhoseRegionsCannotBeReadYetStaysOutUntilItCanBe() {
    DiscoveryLoop loop = loop(3_600_000);
    loop.start(Duration.ofSeconds(10));
    members.add(B);
    regionFailures.put(B, DiscoveryException.fatal("no role in " + B + " yet", null));

    assertThat(loop.runOnce()).as("retried sooner").isLessThan(3_600_000);
    assertThat(loop.current()).containsExactly(Registry.of(A, US));
    assertThat(changes).hasValue(0);

    regionFailures.clear();
    loop.runOnce();
    assertThat(loop.current()).containsExactly(Registry.of(A, US), Registry.of(B, US));
    assertThat(changes).hasValue(1);
  }

  @Test
  void theThreadDiscoversEveryIntervalUntilClosed() {
    DiscoveryLoop loop = loop(5);
    loop.start(Duration.ofSeconds(10));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (discoveries.get() < 5 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(discoveries.get()).as("discoveries on the thread").isGreaterThanOrEqualTo(5);

    loop.close();
    int after = discoveries.get();
    assertThat(threadEnds("ecr-ptc-discovery-test")).as("the discovery thread ended").isTrue();
    assertThat(discoveries.get()).isEqualTo(after);
  }

  @Test
  void closeInterruptsADiscoveryInFlightAndReturnsPromptly() throws Exception {
    CountDownLatch inFlight = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    loop =
        new DiscoveryLoop(
            "blocking",
            () -> {
              if (calls.incrementAndGet() == 1) {
                return scope.discover();
              }
              inFlight.countDown();
              try {
                new CountDownLatch(1).await(); // a call AWS never answers
              } catch (InterruptedException e) {
                interrupted.countDown();
              }
              throw DiscoveryException.retriable("interrupted", null);
            },
            1,
            new Backoff(1, 4, new Random(1)),
            changes::incrementAndGet,
            nowMs::get);
    loop.start(Duration.ofSeconds(10));
    assertThat(inFlight.await(10, TimeUnit.SECONDS)).isTrue();

    long closing = System.nanoTime();
    loop.close();

    assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(5));
    assertThat(interrupted.await(0, TimeUnit.SECONDS)).as("the discovery was interrupted").isTrue();
    assertThat(calls).hasValue(2);
  }

  /** Whether every thread of that name ends within 5 s (a stopped pool's threads are exiting). */
  static boolean threadEnds(String name) {
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals(name)) {
        try {
          thread.join(5_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
          return false;
        }
      }
    }
    return true;
  }
}
