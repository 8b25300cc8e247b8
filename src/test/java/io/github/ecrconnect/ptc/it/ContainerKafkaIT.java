package io.github.ecrconnect.ptc.it;

import static io.github.ecrconnect.ptc.it.TopicReader.ops;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.packaging.ProjectFiles;
import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import io.github.ecrconnect.ptc.testkit.FakeRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The shipped standalone example, run by an in-JVM Connect worker against a real broker from the
 * official apache/kafka image (the version of the pom), reading rules through the real AWS SDK
 * from the local ECR endpoint. Needs a Docker engine; without one the class is reported as
 * skipped (disabledWithoutDocker).
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerKafkaIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String REGION = "us-east-1";
  private static final String ACCOUNT = FakeEcrServer.DEFAULT_ACCOUNT;

  @Container
  static final KafkaContainer KAFKA =
      new KafkaContainer("apache/kafka:" + ProjectFiles.pomProperty("kafka.version"));

  @TempDir static Path workDir;
  private static FakeEcrServer ecr;
  private static StandaloneWorker worker;

  @BeforeAll
  static void start() {
    ecr = FakeEcrServer.start();
    worker = StandaloneWorker.start(KAFKA.getBootstrapServers(), workDir.resolve("connect.offsets"));
  }

  @AfterAll
  static void stop() {
    if (worker != null) {
      worker.close();
    }
    if (ecr != null) {
      ecr.close();
    }
  }

  @Test
  void shippedExampleStreamsChangesIntoACompactedTopicOnAContainerBroker() throws Exception {
    ecr.put(REGION, ACCOUNT, FakeRule.of("docker-hub", "registry-1.docker.io", "docker-hub"));
    ecr.put(REGION, ACCOUNT, FakeRule.of("ghcr", "ghcr.io", "github-container-registry"));
    Map<String, String> config =
        new HashMap<>(ProjectFiles.properties(ProjectFiles.path("config/ecr-pull-through-cache-source.properties")));
    String topic = config.get("topic");
    config.put("aws.ecr.endpoint", ecr.endpoint().toString());
    config.put("aws.ecr.registry.ids", ACCOUNT);
    config.put("aws.access.key.id", "AKIDCONTAINERTEST");
    config.put("aws.secret.access.key", "not-a-secret");
    config.put("poll.interval.ms", "500");

    worker.createConnector(config.get("name"), config);

    try (TopicReader reader = new TopicReader(KAFKA.getBootstrapServers(), topic, false)) {
      List<ChangeRecord> reads = reader.awaitCount(2, TIMEOUT);
      assertThat(ops(reads)).containsExactly("r", "r");

      ecr.update(REGION, ACCOUNT, "ghcr", r -> r.withUpstreamRepositoryPrefix("my-org"));
      List<ChangeRecord> all = reader.awaitCount(3, TIMEOUT);
      assertThat(all.get(2).op()).isEqualTo("u");
      assertThat(all.get(2).prefix()).isEqualTo("ghcr");
      assertThat(all.get(2).changedFields()).containsExactly("upstreamRepositoryPrefix");
    }

    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers()))) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config topicConfig = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      assertThat(topicConfig.get("cleanup.policy").value()).as("KIP-158 topic creation").isEqualTo("compact");
    }
  }
}
