package io.github.ecrconnect.ptc.connect;

import io.github.ecrconnect.ptc.core.ApiCallListener;
import io.github.ecrconnect.ptc.core.ChangeEvent;
import io.github.ecrconnect.ptc.core.MonotonicClock;
import io.github.ecrconnect.ptc.core.Operation;
import java.lang.management.ManagementFactory;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's metrics: written by the task's poll and listing threads and the SDK's threads, read by
 * JMX. Also the task's {@link ApiCallListener}.
 */
final class TaskMetrics implements EcrSourceTaskMetricsMXBean, ApiCallListener, AutoCloseable {
  static final String DOMAIN = "io.github.ecrconnect.ecr.ptc";
  private static final Logger log = LoggerFactory.getLogger(TaskMetrics.class);

  /**
   * Which instance registered each name. A restarted task's new instance registers under the name
   * of the old one, which may close later (a worker that gave up on a graceful stop): closing must
   * not take the new instance's metrics away.
   */
  private static final Map<ObjectName, TaskMetrics> REGISTERED = new ConcurrentHashMap<>();

  private final MonotonicClock clock;
  private final ObjectName name;
  private final AtomicLong polls = new AtomicLong();
  private final AtomicLong pollErrors = new AtomicLong();
  private final AtomicLong apiCalls = new AtomicLong();
  private final AtomicLong throttled = new AtomicLong();
  private final AtomicLong heartbeats = new AtomicLong();
  private final Map<Operation, AtomicLong> events = new EnumMap<>(Operation.class);
  private volatile long lastPollDurationMs;
  private volatile long oldestSuccessMs;
  private volatile long rulesTracked;
  private volatile int registriesAssigned;
  private volatile int registriesFailing;

  /** {@code clock} measures staleness: the one the task schedules polls with. */
  TaskMetrics(MonotonicClock clock, String connectorName, int taskId) {
    this.clock = clock;
    this.oldestSuccessMs = clock.millis();
    this.name = objectName(connectorName, taskId);
    for (Operation op : Operation.values()) {
      events.put(op, new AtomicLong());
    }
  }

  static ObjectName objectName(String connectorName, int taskId) {
    try {
      return new ObjectName(
          DOMAIN
              + ":type=task-metrics,connector="
              + quoteIfNeeded(connectorName)
              + ",task="
              + taskId);
    } catch (JMException e) {
      throw new IllegalArgumentException("connector name " + connectorName, e);
    }
  }

  private static String quoteIfNeeded(String value) {
    return value.matches("[\\w.-]+") ? value : ObjectName.quote(value);
  }

  ObjectName name() {
    return name;
  }

  /** Registers with the platform MBean server, replacing an earlier task instance's metrics. */
  TaskMetrics register() {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    synchronized (REGISTERED) {
      try {
        if (server.isRegistered(name)) {
          server.unregisterMBean(name);
        }
        server.registerMBean(this, name);
        REGISTERED.put(name, this);
      } catch (JMException e) {
        log.warn("Could not register metrics {}: {}", name, e.toString());
      }
    }
    return this;
  }

  /** Unregisters these metrics, unless a newer instance has replaced them meanwhile. */
  @Override
  public void close() {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    synchronized (REGISTERED) {
      if (!REGISTERED.remove(name, this)) {
        return;
      }
      try {
        if (server.isRegistered(name)) {
          server.unregisterMBean(name);
        }
      } catch (JMException e) {
        log.debug("Could not unregister metrics {}", name, e);
      }
    }
  }

  void pollSucceeded(long durationMs, List<ChangeEvent> emitted) {
    polls.incrementAndGet();
    lastPollDurationMs = durationMs;
    emitted.forEach(event -> events.get(event.operation()).incrementAndGet());
  }

  void pollFailed(long durationMs) {
    polls.incrementAndGet();
    pollErrors.incrementAndGet();
    lastPollDurationMs = durationMs;
  }

  void heartbeatWritten() {
    heartbeats.incrementAndGet();
  }

  /** The task's overall state after a round of polls. */
  void state(int assigned, int failing, long rules, long oldestSuccess) {
    registriesAssigned = assigned;
    registriesFailing = failing;
    rulesTracked = rules;
    oldestSuccessMs = oldestSuccess;
  }

  @Override
  public void attempted() {
    apiCalls.incrementAndGet();
  }

  @Override
  public void throttled() {
    throttled.incrementAndGet();
  }

  @Override
  public long getTotalNumberOfPolls() {
    return polls.get();
  }

  @Override
  public long getTotalNumberOfPollErrors() {
    return pollErrors.get();
  }

  @Override
  public long getTotalNumberOfApiCalls() {
    return apiCalls.get();
  }

  @Override
  public long getTotalNumberOfThrottledApiCalls() {
    return throttled.get();
  }

  @Override
  public long getLastPollDurationMs() {
    return lastPollDurationMs;
  }

  @Override
  public long getMilliSecondsSinceLastSuccessfulPoll() {
    return Math.max(0, clock.millis() - oldestSuccessMs);
  }

  @Override
  public long getNumberOfRulesTracked() {
    return rulesTracked;
  }

  @Override
  public long getTotalNumberOfReadEventsSeen() {
    return events.get(Operation.READ).get();
  }

  @Override
  public long getTotalNumberOfCreateEventsSeen() {
    return events.get(Operation.CREATE).get();
  }

  @Override
  public long getTotalNumberOfUpdateEventsSeen() {
    return events.get(Operation.UPDATE).get();
  }

  @Override
  public long getTotalNumberOfDeleteEventsSeen() {
    return events.get(Operation.DELETE).get();
  }

  @Override
  public long getTotalNumberOfHeartbeats() {
    return heartbeats.get();
  }

  @Override
  public int getNumberOfRegistriesAssigned() {
    return registriesAssigned;
  }

  @Override
  public int getNumberOfRegistriesFailing() {
    return registriesFailing;
  }
}
