package io.github.ecrconnect.ptc.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestRateLimiterTest {
  private static final long SECOND = 1_000_000_000L;
  private final AtomicLong clock = new AtomicLong(42 * SECOND);

  private int tokensAvailableNow(RequestRateLimiter limiter) {
    int taken = 0;
    while (limiter.tryAcquire() == 0) {
      taken++;
    }
    return taken;
  }

  @Test
  void startsWithOneSecondsWorthThenWaitsOneIntervalPerRequest() {
    RequestRateLimiter limiter = new RequestRateLimiter(10, clock::get);

    assertThat(tokensAvailableNow(limiter)).isEqualTo(10);
    assertThat(limiter.tryAcquire()).isEqualTo(SECOND / 10);

    clock.addAndGet(SECOND / 10 - 1);
    assertThat(limiter.tryAcquire()).as("not yet").isEqualTo(1);
    clock.addAndGet(1);
    assertThat(limiter.tryAcquire()).isZero();
    assertThat(limiter.tryAcquire()).isEqualTo(SECOND / 10);
  }

  @Test
  void aLongIdlePeriodSavesUpNoMoreThanOneSecondsWorth() {
    RequestRateLimiter limiter = new RequestRateLimiter(5, clock::get);
    tokensAvailableNow(limiter);

    clock.addAndGet(3_600 * SECOND);

    assertThat(tokensAvailableNow(limiter)).isEqualTo(5);
  }

  @Test
  void keepsTheRateOverTime() {
    RequestRateLimiter limiter = new RequestRateLimiter(10, clock::get);
    long start = clock.get();
    int granted = 0;
    while (clock.get() - start < 60 * SECOND) {
      long waitNs = limiter.tryAcquire();
      if (waitNs == 0) {
        granted++;
      } else {
        clock.addAndGet(waitNs);
      }
    }
    // The burst of 10 at 0 s, then one every 100 ms from 0.1 s to 59.9 s.
    assertThat(granted).as("requests granted in [0 s, 60 s)").isEqualTo(10 + 599);
  }

  @Test
  void fractionalRatesWaitSeveralSecondsAndBurstOne() {
    RequestRateLimiter limiter = new RequestRateLimiter(0.5, clock::get);

    assertThat(tokensAvailableNow(limiter)).isEqualTo(1);
    assertThat(limiter.tryAcquire()).isEqualTo(2 * SECOND);
    clock.addAndGet(2 * SECOND);
    assertThat(tokensAvailableNow(limiter)).isEqualTo(1);
  }

  @Test
  void unlimitedNeverWaits() throws InterruptedException {
    RequestRateLimiter limiter = RequestRateLimiter.unlimited();
    for (int i = 0; i < 100_000; i++) {
      assertThat(limiter.tryAcquire()).isZero();
    }
    assertThat(limiter.acquire()).isTrue();
    assertThat(limiter.isUnlimited()).isTrue();
  }

  @Test
  void rejectsRatesThatAreNotPositive() {
    for (double rate : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> new RequestRateLimiter(rate, clock::get))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void closeEndsAWaitAndEveryLaterAcquire() throws Exception {
    RequestRateLimiter limiter = new RequestRateLimiter(1, clock::get);
    assertThat(limiter.acquire()).isTrue();
    CompletableFuture<Boolean> waiting = new CompletableFuture<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                waiting.complete(limiter.acquire());
              } catch (InterruptedException e) {
                waiting.completeExceptionally(e);
              }
            });
    waiter.start();
    awaitTimedWaiting(waiter);

    limiter.close();

    assertThat(waiting.get(10, TimeUnit.SECONDS)).as("acquire after close").isFalse();
    assertThat(limiter.acquire()).isFalse();
  }

  @Test
  void anInterruptEndsAWait() throws Exception {
    RequestRateLimiter limiter = new RequestRateLimiter(1, clock::get);
    limiter.tryAcquire();
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                limiter.acquire();
                outcome.complete(null);
              } catch (InterruptedException e) {
                outcome.complete(e);
              }
            });
    waiter.start();
    awaitTimedWaiting(waiter);

    waiter.interrupt();

    assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
  }

  /**
   * Waits (bounded) until the thread is parked in the limiter's timed wait; the clock is frozen.
   */
  private static void awaitTimedWaiting(Thread thread) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (thread.getState() != Thread.State.TIMED_WAITING) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the thread never waited: " + thread.getState());
      }
      Thread.onSpinWait();
    }
  }
}
