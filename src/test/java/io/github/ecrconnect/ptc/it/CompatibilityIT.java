package io.github.ecrconnect.ptc.it;

import static io.github.ecrconnect.ptc.it.TopicReader.ops;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ecrconnect.ptc.connect.ConnectorVersion;
import io.github.ecrconnect.ptc.connect.EcrPullThroughCacheSourceConnector;
import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import io.github.ecrconnect.ptc.testkit.FakeRule;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What differs between the Kafka Connect releases of the compatibility matrix (CONTRIBUTING.md,
 * "Compatibility"), checked on the release of this build's test kit ({@code kafka.version}; the
 * profiles kafka-3.7 and kafka-4.3 move it): the worker is that release; it finds the connector by
 * service loading ({@code plugin.discovery}, Kafka 3.6+); it runs it with exactly-once source
 * support and connector-defined transactions (KIP-618, 3.3+); and it validates and resets the
 * connector's offsets through the REST API ({@code alterOffsets}, KIP-875, 3.6+). On Kafka 3.7, the
 * oldest release of the matrix (Amazon MSK Connect's), this shows each of them works there. REST
 * calls are plain HTTP, since the test kit's REST helpers differ between releases.
 */
class CompatibilityIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String US = "us-east-1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private static ConnectTestCluster cluster;
  private static EmbeddedConnectCluster connect;
  private static FakeEcrServer ecr;

  private String connector;
  private String topic;
  private String account;
  private TopicReader reader;

  @BeforeAll
  static void startCluster() {
    ecr = FakeEcrServer.start();
    cluster =
        ConnectTestCluster.start(
            "ecr-compat",
            1,
            Map.of("exactly.once.source.support", "enabled"),
            ConnectTestCluster.transactionsOnOneBroker());
    connect = cluster.connect();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
    if (ecr != null) {
      ecr.close();
    }
  }

  private void newScenario() {
    int n = SEQUENCE.incrementAndGet();
    connector = "compat-" + n;
    topic = "compat-rules-" + n;
    account = String.format("3000000000%02d", n);
  }

  @AfterEach
  void cleanUp() {
    if (reader != null) {
      reader.close();
    }
    if (connector != null && connect.connectors().contains(connector)) {
      connect.deleteConnector(connector);
    }
  }

  private Map<String, String> config() {
    Map<String, String> props = ItSupport.connectorConfig(ecr, topic, account, "compat-secret");
    props.put("poll.interval.ms", "500");
    props.put("aws.access.key.id", "AKIDCOMPAT");
    return props;
  }

  private void start(Map<String, String> props) throws InterruptedException {
    connect.configureConnector(connector, props);
    connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(connector, 1, "did not start");
  }

  private static FakeRule rule(String prefix) {
    return FakeRule.of(prefix, "registry-1.docker.io", "docker-hub")
        .withUpstreamRepositoryPrefix("library");
  }

  @Test
  void theWorkerIsThisBuildsKafkaAndFindsTheConnectorByServiceLoading() throws Exception {
    String expected = System.getProperty("kafka.version", "");
    JsonNode server = JSON.readTree(get("").body());
    if (!expected.isBlank()) {
      assertThat(server.path("version").asText())
          .as("the worker's Kafka version")
          .isEqualTo(expected);
    }

    JsonNode plugins = JSON.readTree(get("connector-plugins").body());
    assertThat(StreamSupport.stream(plugins.spliterator(), false))
        .as("GET /connector-plugins with plugin.discovery=service_load")
        .anySatisfy(
            p -> {
              assertThat(p.path("class").asText())
                  .isEqualTo(EcrPullThroughCacheSourceConnector.class.getName());
              assertThat(p.path("type").asText()).isEqualTo("source");
              assertThat(p.path("version").asText()).isEqualTo(ConnectorVersion.get());
            });
  }

  @Test
  void exactlyOnceWithConnectorDefinedTransactionsDeliversEveryChangeCommitted() throws Exception {
    newScenario();
    ecr.put(US, account, rule("kept"));
    ecr.put(US, account, rule("changed"));
    Map<String, String> props = config();
    props.put("exactly.once.support", "required");
    props.put("transaction.boundary", "connector");
    start(props);
    reader = new TopicReader(connect.kafka().bootstrapServers(), topic, true);

    assertThat(ops(reader.awaitCount(2, TIMEOUT))).containsExactly("r", "r");
    ecr.put(US, account, rule("created"));
    ecr.update(US, account, "changed", r -> r.withUpstreamRepositoryPrefix("mirror"));
    List<ChangeRecord> records = reader.awaitCount(4, TIMEOUT);
    assertThat(records.subList(2, 4))
        .extracting(r -> r.op() + " " + r.prefix())
        .containsExactlyInAnyOrder("c created", "u changed");
    assertThat(connect.connectorStatus(connector).tasks())
        .allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));
  }

  @Test
  void offsetsAreCheckedByTheConnectorAndAResetReadsAFreshSnapshot() throws Exception {
    newScenario();
    ecr.put(US, account, rule("one"));
    ecr.put(US, account, rule("two"));
    start(config());
    reader = new TopicReader(connect.kafka().bootstrapServers(), topic, false);
    assertThat(ops(reader.awaitCount(2, TIMEOUT))).containsExactly("r", "r");
    TestUtils.waitForCondition(
        () -> !connect.connectorOffsets(connector).offsets().isEmpty(),
        TIMEOUT.toMillis(),
        "committed offsets of " + connector);
    connect.stopConnector(connector);
    connect.assertions().assertConnectorIsStopped(connector, "did not stop");

    Map<String, Object> partition = Map.of("registryId", account, "region", US);
    String malformed =
        JSON.writeValueAsString(
            Map.of(
                "offsets",
                List.of(Map.of("partition", partition, "offset", Map.of("v", "not-a-version")))));
    HttpResponse<String> rejected =
        send("PATCH", "connectors/" + connector + "/offsets", malformed);
    assertThat(rejected.statusCode()).as(rejected.body()).isGreaterThanOrEqualTo(400);
    assertThat(rejected.body()).contains("rejected");

    HttpResponse<String> reset = send("DELETE", "connectors/" + connector + "/offsets", null);
    assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
    connect.resumeConnector(connector);
    connect
        .assertions()
        .assertConnectorAndExactlyNumTasksAreRunning(connector, 1, "did not resume");

    List<ChangeRecord> records = reader.awaitCount(4, TIMEOUT);
    assertThat(ops(records.subList(2, 4)))
        .as("a fresh snapshot after the reset")
        .containsExactly("r", "r");
  }

  private static HttpResponse<String> get(String resource) throws Exception {
    HttpResponse<String> response = send("GET", resource, null);
    assertThat(response.statusCode())
        .as("GET /" + resource + ": " + response.body())
        .isEqualTo(200);
    return response;
  }

  private static HttpResponse<String> send(String method, String resource, String json)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(connect.endpointForResource(resource))).timeout(TIMEOUT);
    if (json == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
