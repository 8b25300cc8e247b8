package io.github.ecrconnect.ptc.it;

import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import io.github.ecrconnect.ptc.testkit.LogCapture;

/**
 * What most integration test classes start once and share: captured logs, the local ECR endpoint
 * and a one-worker Kafka + Connect cluster; {@link #endScenario} undoes what one test left behind.
 */
final class ConnectorFixture implements AutoCloseable {
  final LogCapture logs;
  final FakeEcrServer ecr;
  final ConnectTestCluster cluster;

  private ConnectorFixture(String name) {
    logs = LogCapture.install();
    ecr = FakeEcrServer.start();
    cluster = ConnectTestCluster.start(name, 1);
  }

  static ConnectorFixture start(String name) {
    return new ConnectorFixture(name);
  }

  /** Removes the endpoint's faults, closes {@code reader} and deletes {@code connector}. */
  void endScenario(String connector, TopicReader reader) {
    ecr.clearFaults();
    if (reader != null) {
      reader.close();
    }
    if (connector != null && cluster.connect().connectors().contains(connector)) {
      cluster.connect().deleteConnector(connector);
    }
  }

  @Override
  public void close() {
    cluster.close();
    ecr.close();
    logs.close();
  }
}
