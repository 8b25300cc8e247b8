package io.github.ecrconnect.ptc.it;

import static io.github.ecrconnect.ptc.it.ItSupport.TIMEOUT;
import static io.github.ecrconnect.ptc.it.ItSupport.US;
import static io.github.ecrconnect.ptc.it.ItSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import io.github.ecrconnect.ptc.testkit.Fault;
import io.github.ecrconnect.ptc.testkit.LogCapture;
import io.github.ecrconnect.ptc.testkit.RecordedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets on a real worker: distinctive secret values must not appear in any log line (ours at
 * DEBUG, the worker's and the AWS SDK's at INFO, stack traces included), task trace, REST response
 * or record. The raw connector config ({@code /config}, {@code /tasks}) shows what was submitted,
 * by Connect's design; with a ConfigProvider that is only a {@code ${file:...}} reference, and the
 * connector still signs with the resolved key.
 */
class SecretsIT {
  private static final String KEY_ID = "AKIDSECRETSIT0000001";
  private static final String SECRET = "SECRET-7c1e5a9b-d4f2-4e8a-9b3c-0a6d2f8e1b77";
  private static final String TOKEN = "TOKEN-3f9d2b6a-8c1e-4f7a-b2d5-e9a0c4f6b813";
  private static final String SDK_SIGNER = "software.amazon.awssdk.http.auth.aws.internal.signer";

  private static ConnectTestCluster cluster;
  private static FakeEcrServer ecr;
  private static LogCapture logs;
  private static Level rootLevel;

  @TempDir static Path secretsDir;

  private final List<String> texts = new ArrayList<>();
  private final int firstLogLine = logs.lines().size();
  private TopicReader reader;
  private String connector;

  @BeforeAll
  static void startCluster() {
    logs = LogCapture.install();
    rootLevel = Logger.getRootLogger().getLevel();
    Logger.getRootLogger().setLevel(Level.INFO);
    Logger.getLogger("software.amazon.awssdk").setLevel(Level.DEBUG);
    // Except the SDK's SigV4 signer, whose DEBUG lines print the canonical request, session token
    // header included: docs/operations.md, "Secrets", tells operators to keep it below DEBUG.
    Logger.getLogger(SDK_SIGNER).setLevel(Level.INFO);
    ecr = FakeEcrServer.start();
    ecr.requireAccessKey(KEY_ID);
    cluster =
        ConnectTestCluster.start(
            "ecr-secrets",
            1,
            Map.of(
                "config.providers",
                "file",
                "config.providers.file.class",
                "org.apache.kafka.common.config.provider.FileConfigProvider"));
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
    ecr.close();
    Logger.getLogger("software.amazon.awssdk").setLevel(null);
    Logger.getLogger(SDK_SIGNER).setLevel(null);
    Logger.getRootLogger().setLevel(rootLevel);
    logs.close();
  }

  @AfterEach
  void cleanUp() {
    ecr.clearFaults();
    if (reader != null) {
      reader.close();
    }
    if (connector != null && connect().connectors().contains(connector)) {
      connect().deleteConnector(connector);
    }
  }

  private EmbeddedConnectCluster connect() {
    return cluster.connect();
  }

  private Map<String, String> config(String topic, String account) {
    Map<String, String> props = ItSupport.connectorConfig(ecr, topic, account, SECRET);
    props.put("aws.access.key.id", KEY_ID);
    props.put("aws.session.token", TOKEN);
    return props;
  }

  private String rest(String resource) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(connect().endpointForResource(resource))).build(),
                HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }

  /** Collects what a user or operator can see of the connector, except its raw config. */
  private void collectVisible(String topic) throws Exception {
    texts.add(rest("connectors/" + connector + "/status"));
    texts.add(rest("connectors/" + connector + "/tasks/0/status"));
    texts.add(rest("connectors/" + connector + "/offsets"));
    texts.add(rest("connectors/" + connector + "/topics"));
    texts.add(String.valueOf(connect().connectorStatus(connector)));
    reader.readToEnd(TIMEOUT).forEach(r -> texts.add(r.key() + " " + r.value()));
    texts.addAll(logLinesOfThisTest());
  }

  /**
   * The log lines since this test started, less the test kit's REST client echoing the response to
   * its own PUT of the raw config (that response is the raw config, like GET /config).
   */
  private List<String> logLinesOfThisTest() {
    List<String> lines = logs.lines();
    return lines.subList(firstLogLine, lines.size()).stream()
        .filter(
            l ->
                !l.startsWith(
                    "INFO org.apache.kafka.connect.util.clusters.EmbeddedConnect PUT response"))
        .toList();
  }

  @Test
  void secretsGivenDirectlyAppearOnlyInTheRawConfigNowhereElse() throws Exception {
    connector = "secrets-direct";
    String topic = "secrets-direct-rules";
    String account = "600000000001";
    reader = cluster.reader(topic);
    ecr.put(US, account, rule("hub"));
    Map<String, String> props = config(topic, account);

    texts.add(String.valueOf(connect().validateConnectorConfig(ItSupport.CONNECTOR_CLASS, props)));
    Map<String, String> invalid = new HashMap<>(props);
    invalid.put("aws.regions", "mars-north-1");
    invalid.put("aws.ecr.endpoint", "http://ecr.example.com");
    String invalidValidation =
        String.valueOf(connect().validateConnectorConfig(ItSupport.CONNECTOR_CLASS, invalid));
    assertThat(invalidValidation).contains("mars-north-1", "clear text");
    texts.add(invalidValidation);

    connect().configureConnector(connector, props);
    connect()
        .assertions()
        .assertConnectorAndExactlyNumTasksAreRunning(connector, 1, "did not start");
    reader.awaitCount(1, TIMEOUT);
    ecr.inject(Fault.throttling().forRegistry(account).times(3)); // retry WARN lines
    ecr.put(US, account, rule("quay"));
    reader.awaitCount(2, TIMEOUT);
    ecr.inject(Fault.unrecognizedClient().forRegistry(account).always()); // a failed task's trace
    connect().assertions().assertConnectorIsRunningAndTasksHaveFailed(connector, 1, "did not fail");
    collectVisible(topic);

    assertThat(texts).as("what was collected").hasSizeGreaterThan(10);
    assertThat(String.join("\n", texts))
        .contains(KEY_ID)
        .doesNotContain(SECRET)
        .doesNotContain(TOKEN);
    assertThat(logLinesOfThisTest())
        .anyMatch(l -> l.contains("aws.secret.access.key = [hidden]"))
        .anyMatch(l -> l.startsWith("WARN") && l.contains("retrying at"))
        .anyMatch(l -> l.startsWith("DEBUG software.amazon.awssdk"));
    // By Connect's design the raw config is returned as submitted: hence the ConfigProvider.
    assertThat(rest("connectors/" + connector + "/config")).contains(SECRET, TOKEN);
  }

  @Test
  void withAFileConfigProviderTheSecretAppearsNowhereAndTheResolvedKeySignsEveryRequest()
      throws Exception {
    connector = "secrets-provided";
    String topic = "secrets-provided-rules";
    String account = "600000000002";
    reader = cluster.reader(topic);
    Path file = secretsDir.resolve("ecr-credentials.properties");
    Files.writeString(
        file,
        "keyId=" + KEY_ID + "\nsecret=" + SECRET + "\ntoken=" + TOKEN + "\n",
        StandardCharsets.UTF_8);
    ecr.put(US, account, rule("hub"));
    Map<String, String> props = config(topic, account);
    props.put("aws.access.key.id", "${file:" + file + ":keyId}");
    props.put("aws.secret.access.key", "${file:" + file + ":secret}");
    props.put("aws.session.token", "${file:" + file + ":token}");

    texts.add(String.valueOf(connect().validateConnectorConfig(ItSupport.CONNECTOR_CLASS, props)));
    connect().configureConnector(connector, props);
    connect()
        .assertions()
        .assertConnectorAndExactlyNumTasksAreRunning(connector, 1, "did not start");
    reader.awaitCount(1, TIMEOUT);
    ecr.put(US, account, rule("quay"));
    reader.awaitCount(2, TIMEOUT);

    List<RecordedRequest> calls =
        ecr.requests().stream().filter(r -> account.equals(r.registryId())).toList();
    assertThat(calls).isNotEmpty().allSatisfy(r -> assertThat(r.accessKeyId()).isEqualTo(KEY_ID));

    String rawConfig = rest("connectors/" + connector + "/config");
    String taskConfigs = rest("connectors/" + connector + "/tasks");
    assertThat(rawConfig)
        .startsWith("200 ")
        .contains("${file:" + file + ":secret}", "${file:" + file + ":token}");
    assertThat(taskConfigs).startsWith("200 ").contains("${file:" + file + ":secret}");
    texts.add(rawConfig);
    texts.add(taskConfigs);
    texts.add(String.valueOf(connect().taskConfigs(connector)));
    texts.add(String.valueOf(connect().connectorInfo(connector)));
    collectVisible(topic);

    assertThat(String.join("\n", texts)).doesNotContain(SECRET).doesNotContain(TOKEN);
  }
}
