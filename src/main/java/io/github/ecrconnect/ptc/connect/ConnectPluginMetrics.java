package io.github.ecrconnect.ptc.connect;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.MetricValueProvider;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a task's metrics through Connect's own metrics too (KIP-877, workers on Kafka 4.1 or
 * later): they then reach every metric reporter the worker has, in group {@code plugins} with
 * Connect's {@code connector} and {@code task} tags, and the worker removes them when the task
 * ends. The plugin compiles against Connect APIs that lack {@code
 * SourceTaskContext.pluginMetrics()} (MSK Connect runs 3.7), so it is reached by reflection; on
 * older workers the task's JMX MBean is the only view.
 */
final class ConnectPluginMetrics {
  private static final Logger log = LoggerFactory.getLogger(ConnectPluginMetrics.class);

  private ConnectPluginMetrics() {}

  /** Adds every {@link TaskMetric}; returns whether the worker offers plugin metrics. */
  static boolean publish(SourceTaskContext context, EcrSourceTaskMetricsMXBean metrics) {
    Method accessor;
    try {
      accessor = SourceTaskContext.class.getMethod("pluginMetrics");
    } catch (NoSuchMethodException e) {
      log.debug("This worker predates KIP-877: task metrics are on JMX only");
      return false;
    }
    try {
      Object pluginMetrics = accessor.invoke(context);
      if (pluginMetrics == null) {
        return false;
      }
      Class<?> type = accessor.getReturnType(); // the PluginMetrics interface
      Method metricName =
          type.getMethod("metricName", String.class, String.class, LinkedHashMap.class);
      Method addMetric = type.getMethod("addMetric", MetricName.class, MetricValueProvider.class);
      for (TaskMetric metric : TaskMetric.values()) {
        Object name =
            metricName.invoke(
                pluginMetrics, metric.connectName(), metric.description(), new LinkedHashMap<>());
        Gauge<Long> gauge = (config, now) -> metric.valueOf(metrics);
        addMetric.invoke(pluginMetrics, name, gauge);
      }
      return true;
    } catch (InvocationTargetException e) {
      // E.g. a metric of an earlier instance of this task that the worker has not removed yet.
      log.warn("Could not add the task metrics to Connect's metrics: {}", e.getCause().toString());
      return false;
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn("Could not add the task metrics to Connect's metrics: {}", e.toString());
      return false;
    }
  }
}
