package io.github.ecrconnect.ptc.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class TaskMetricsTest {
  private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

  /**
   * A worker that gave up on a graceful stop starts a new task instance while the old one still
   * runs; when the old one finally stops, the new one's metrics must stay.
   */
  @Test
  void anOlderInstanceClosingLaterLeavesTheNewerInstancesMetricsRegistered() throws Exception {
    ObjectName name = TaskMetrics.objectName("metrics-owner", 0);
    TaskMetrics older = new TaskMetrics(() -> 0, "metrics-owner", 0).register();
    TaskMetrics newer = new TaskMetrics(() -> 0, "metrics-owner", 0).register();
    newer.heartbeatWritten();

    older.close();
    assertThat(JMX.isRegistered(name)).isTrue();
    assertThat(JMX.getAttribute(name, "TotalNumberOfHeartbeats")).as("the newer's").isEqualTo(1L);

    newer.close();
    assertThat(JMX.isRegistered(name)).isFalse();
    newer.close(); // idempotent
    older.close();
    assertThat(JMX.isRegistered(name)).isFalse();
  }

  @Test
  void stalenessIsMeasuredOnTheClockPollsAreScheduledWith() {
    long[] now = {1_000};
    TaskMetrics metrics = new TaskMetrics(() -> now[0], "metrics-staleness", 0);
    metrics.state(1, 0, 0, 1_000);
    now[0] += 7_000;
    assertThat(metrics.getMilliSecondsSinceLastSuccessfulPoll()).isEqualTo(7_000);
  }
}
