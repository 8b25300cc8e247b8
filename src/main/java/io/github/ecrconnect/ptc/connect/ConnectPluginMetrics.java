package io.github.ecrconnect.ptc.connect;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.MetricValueProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes metrics through Connect's own metrics too (KIP-877, workers on Kafka 4.1 or later):
 * they then reach every metric reporter the worker has, in group {@code plugins} with Connect's
 * {@code connector} tag (and {@code task} for a task's), and the worker removes them when the
 * connector or task ends. The plugin compiles against Connect APIs that lack {@code
 * pluginMetrics()} on {@code SourceTaskContext} and {@code ConnectorContext} (MSK Connect runs
 * 3.7), so it is reached by reflection; on older workers the JMX MBeans are the only view.
 */
final class ConnectPluginMetrics {
  private static final Logger log = LoggerFactory.getLogger(ConnectPluginMetrics.class);

  private ConnectPluginMetrics() {}

  /**
   * Adds {@code metrics}, read from {@code bean}, to the plugin metrics of {@code context}, a
   * {@code contextType} (a task's or the connector's context); returns whether the worker offers
   * plugin metrics.
   */
  static <B> boolean publish(
      Object context, Class<?> contextType, List<MetricDefinition<B>> metrics, B bean) {
    Method accessor;
    try {
      accessor = contextType.getMethod("pluginMetrics");
    } catch (NoSuchMethodException e) {
      log.debug("This worker predates KIP-877: metrics are on JMX only");
      return false;
    }
    try {
      Object pluginMetrics = context == null ? null : accessor.invoke(context);
      if (pluginMetrics == null) {
        return false;
      }
      Class<?> type = accessor.getReturnType(); // the PluginMetrics interface
      Method metricName =
          type.getMethod("metricName", String.class, String.class, LinkedHashMap.class);
      Method addMetric = type.getMethod("addMetric", MetricName.class, MetricValueProvider.class);
      for (MetricDefinition<B> metric : metrics) {
        Object name =
            metricName.invoke(
                pluginMetrics, metric.connectName(), metric.description(), new LinkedHashMap<>());
        Gauge<Long> gauge = (config, now) -> metric.valueOf(bean);
        addMetric.invoke(pluginMetrics, name, gauge);
      }
      return true;
    } catch (InvocationTargetException e) {
      // E.g. a metric of an earlier instance that the worker has not removed yet.
      log.warn("Could not add metrics to Connect's metrics: {}", e.getCause().toString());
      return false;
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn("Could not add metrics to Connect's metrics: {}", e.toString());
      return false;
    }
  }
}
