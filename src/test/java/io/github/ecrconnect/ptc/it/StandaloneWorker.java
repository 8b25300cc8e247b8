package io.github.ecrconnect.ptc.it;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;

/**
 * A standalone Connect worker in this JVM, started by Kafka's own CLI class, against any broker
 * (here: one in a container). The connector is found on the test classpath by service loading.
 */
final class StandaloneWorker implements AutoCloseable {
  private final Connect<StandaloneHerder> connect;

  private StandaloneWorker(Connect<StandaloneHerder> connect) {
    this.connect = connect;
  }

  static StandaloneWorker start(String bootstrapServers, Path offsetsFile) {
    // The CLI calls Exit.exit on a failed start; make that a test failure, not a dead test JVM.
    Exit.setExitProcedure((code, message) -> {
      throw new IllegalStateException("Connect worker exited with " + code + ": " + message);
    });
    Map<String, String> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrapServers);
    props.put("offset.storage.file.filename", offsetsFile.toString());
    props.put("offset.flush.interval.ms", "500");
    props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    props.put("key.converter.schemas.enable", "true");
    props.put("value.converter.schemas.enable", "true");
    props.put("listeners", "http://127.0.0.1:0");
    props.put("plugin.discovery", "service_load");
    return new StandaloneWorker(new ConnectStandalone().startConnect(props));
  }

  /** Creates the connector and waits until the worker accepted it. */
  void createConnector(String name, Map<String, String> config) throws Exception {
    FutureCallback<Herder.Created<ConnectorInfo>> created = new FutureCallback<>();
    connect.herder().putConnectorConfig(name, config, false, created);
    created.get(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    try {
      connect.stop();
    } finally {
      Exit.resetExitProcedure();
    }
  }
}
