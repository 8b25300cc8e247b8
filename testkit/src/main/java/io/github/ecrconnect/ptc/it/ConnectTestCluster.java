package io.github.ecrconnect.ptc.it;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * A real Kafka broker and Connect worker(s) in this JVM (Apache Kafka's own test kit). One per test
 * class: it takes seconds to start.
 */
final class ConnectTestCluster implements AutoCloseable {
  private final EmbeddedConnectCluster cluster;

  private ConnectTestCluster(EmbeddedConnectCluster cluster) {
    this.cluster = cluster;
  }

  static ConnectTestCluster start(String name, int workers) {
    return start(name, workers, Map.of());
  }

  static ConnectTestCluster start(String name, int workers, Map<String, String> extraWorkerProps) {
    return start(name, workers, extraWorkerProps, new Properties());
  }

  /** With broker properties too (e.g. a transaction state log that fits one broker, for EOS). */
  static ConnectTestCluster start(
      String name, int workers, Map<String, String> extraWorkerProps, Properties brokerProps) {
    // Mutable: the test kit adds its own keys to this map.
    Map<String, String> workerProps = new HashMap<>();
    // Service loading finds our connector without scanning the whole classpath (~1 GiB, 10 s).
    workerProps.put("plugin.discovery", "service_load");
    workerProps.put(
        WorkerConfig.KEY_CONVERTER_CLASS_CONFIG, "org.apache.kafka.connect.json.JsonConverter");
    workerProps.put(
        WorkerConfig.VALUE_CONVERTER_CLASS_CONFIG, "org.apache.kafka.connect.json.JsonConverter");
    workerProps.put("key.converter.schemas.enable", "true");
    workerProps.put("value.converter.schemas.enable", "true");
    workerProps.put(WorkerConfig.OFFSET_COMMIT_INTERVAL_MS_CONFIG, "500");
    workerProps.putAll(extraWorkerProps);
    EmbeddedConnectCluster cluster =
        new EmbeddedConnectCluster.Builder()
            .name(name)
            .numWorkers(workers)
            .numBrokers(1)
            .brokerProps(brokerProps)
            .workerProps(workerProps)
            .build();
    cluster.start();
    return new ConnectTestCluster(cluster);
  }

  /** Broker properties for transactions (exactly-once source) on the one broker. */
  static Properties transactionsOnOneBroker() {
    Properties broker = new Properties();
    broker.put("transaction.state.log.replication.factor", "1");
    broker.put("transaction.state.log.min.isr", "1");
    return broker;
  }

  EmbeddedConnectCluster connect() {
    return cluster;
  }

  TopicReader reader(String topic) {
    return new TopicReader(cluster.kafka().bootstrapServers(), topic, false);
  }

  TopicReader readCommitted(String topic) {
    return new TopicReader(cluster.kafka().bootstrapServers(), topic, true);
  }

  @Override
  public void close() {
    cluster.stop();
  }
}
