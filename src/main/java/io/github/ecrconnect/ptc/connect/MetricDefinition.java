package io.github.ecrconnect.ptc.connect;

import java.util.function.ToLongFunction;

/**
 * One metric of an MBean of type {@code B}: its JMX attribute, its name among Connect's own plugin
 * metrics (kebab-case, as Kafka's metrics are named), what it means, and how to read it.
 */
final class MetricDefinition<B> {
  private final String jmxAttribute;
  private final String connectName;
  private final String description;
  private final ToLongFunction<B> reader;

  MetricDefinition(
      String jmxAttribute, String connectName, String description, ToLongFunction<B> reader) {
    this.jmxAttribute = jmxAttribute;
    this.connectName = connectName;
    this.description = description;
    this.reader = reader;
  }

  String jmxAttribute() {
    return jmxAttribute;
  }

  String connectName() {
    return connectName;
  }

  String description() {
    return description;
  }

  long valueOf(B bean) {
    return reader.applyAsLong(bean);
  }
}
