package io.github.ecrconnect.ptc.connect;

import io.github.ecrconnect.ptc.core.ApiCallListener;
import io.github.ecrconnect.ptc.core.MonotonicClock;
import io.github.ecrconnect.ptc.core.RuleSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.source.TransactionContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** A task's surroundings without a worker: settable clocks and an in-memory offset store. */
final class TaskHarness {
  static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

  final MutableClock clock = new MutableClock();
  final Map<Map<String, Object>, Map<String, Object>> committed = new HashMap<>();

  /** A task on this harness's clocks, listing through {@code ruleSources}. */
  EcrPullThroughCacheSourceTask task(
      BiFunction<EcrSourceConfig, ApiCallListener, RuleSource> ruleSources) {
    return new EcrPullThroughCacheSourceTask(clock, clock.monotonic(), ruleSources);
  }

  /**
   * The task's context: its configs and an offset reader over {@link #committed}. A dynamic proxy,
   * because the interface grows with Kafka (4.1 added {@code pluginMetrics()}, a type 3.x lacks)
   * and the tests compile against each version of the matrix; methods with a default keep it, any
   * other fails the test.
   */
  SourceTaskContext context(Map<String, String> configs) {
    return context(configs, null);
  }

  /**
   * As {@link #context(Map)}, whose {@code transactionContext()} is {@code transactions.get()}
   * (KIP-618: what an exactly-once worker with connector-defined boundaries gives a task), or the
   * interface's default (null, no transactions) when {@code transactions} is null.
   */
  SourceTaskContext context(
      Map<String, String> configs, Supplier<TransactionContext> transactions) {
    OffsetStorageReader offsets =
        new OffsetStorageReader() {
          @Override
          public <T> Map<String, Object> offset(Map<String, T> partition) {
            return committed.get(partition);
          }

          @Override
          public <T> Map<Map<String, T>, Map<String, Object>> offsets(
              Collection<Map<String, T>> partitions) {
            Map<Map<String, T>, Map<String, Object>> result = new HashMap<>();
            partitions.forEach(p -> result.put(p, committed.get(p)));
            return result;
          }
        };
    InvocationHandler handler =
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "configs":
              return configs;
            case "offsetStorageReader":
              return offsets;
            case "pluginMetrics": // Kafka 4.1+: no Connect metrics in a unit test
              return null;
            case "transactionContext":
              if (transactions != null) {
                return transactions.get();
              }
              return InvocationHandler.invokeDefault(proxy, method, args);
            case "toString":
              return "TaskHarness context";
            case "hashCode":
              return System.identityHashCode(proxy);
            case "equals":
              return proxy == args[0];
            default:
              if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
              }
              throw new UnsupportedOperationException("TaskHarness has no " + method);
          }
        };
    return (SourceTaskContext)
        Proxy.newProxyInstance(
            SourceTaskContext.class.getClassLoader(),
            new Class<?>[] {SourceTaskContext.class},
            handler);
  }

  /**
   * Polls until the listings the first call started are turned into records, as a worker would call
   * poll() again and again, with a deadline instead of a sleep: what one poll() returned when
   * listings ran on the poll thread. Null when nothing came, as from poll().
   */
  static List<SourceRecord> pollSettled(EcrPullThroughCacheSourceTask task)
      throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    List<SourceRecord> records = new ArrayList<>();
    do {
      List<SourceRecord> batch = task.poll();
      if (batch != null) {
        records.addAll(batch);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("listings still in flight after " + SETTLE_TIMEOUT);
      }
    } while (task.hasListingsInFlight());
    return records.isEmpty() ? null : records;
  }

  /** What the worker does once records are acknowledged: keep the latest offset per partition. */
  @SuppressWarnings("unchecked")
  void commit(List<SourceRecord> records) {
    for (SourceRecord record : records) {
      committed.put(
          (Map<String, Object>) record.sourcePartition(),
          (Map<String, Object>) record.sourceOffset());
    }
  }

  /**
   * The wall clock, and beside it the monotonic clock a task schedules with: {@link #advance} moves
   * both, as time passing does; {@link #stepWallClock} moves the wall clock alone, as an NTP
   * correction does.
   */
  static final class MutableClock extends Clock {
    // Volatile: the task's listing thread reads the clocks too.
    private volatile long millis = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private volatile long monotonicMillis = 42_000;

    void advance(long ms) {
      millis += ms;
      monotonicMillis += ms;
    }

    void stepWallClock(long ms) {
      millis += ms;
    }

    MonotonicClock monotonic() {
      return () -> monotonicMillis;
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
