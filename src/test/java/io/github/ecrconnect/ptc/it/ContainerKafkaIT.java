package io.github.ecrconnect.ptc.it;

import static io.github.ecrconnect.ptc.it.TopicReader.ops;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecrconnect.ptc.containers.ContainerImages;
import io.github.ecrconnect.ptc.packaging.PluginArchive;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The shipped standalone example, run by an in-JVM Connect worker with the built plugin archive on
 * its plugin.path, against a real broker in a container (Testcontainers' Kafka module on
 * apache/kafka in the version of the pom, or the image ECR_IT_KAFKA_IMAGE names: CI's stand-in),
 * reading rules through the real AWS SDK from the local ECR endpoint. Without a Docker engine, or
 * when the image is neither present nor pullable, the test is reported as skipped with the reason.
 */
class ContainerKafkaIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String REGION = "us-east-1";
  private static final String ACCOUNT = FakeEcrServer.DEFAULT_ACCOUNT;

  @TempDir Path workDir;

  @Test
  void shippedExampleStreamsChangesIntoACompactedTopicOnAContainerBroker() throws Exception {
    ContainerImages.assumeAvailable(ContainerImages.kafka());
    PluginArchive archive = PluginArchive.unpack(workDir.resolve("plugins"));
    try (KafkaContainer kafka =
            new KafkaContainer(ContainerImages.kafka())
                // Only the connector creates the topic (KIP-158), not the reader's first fetch.
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        FakeEcrServer ecr = FakeEcrServer.start()) {
      kafka.start();
      String bootstrap = kafka.getBootstrapServers();
      try (StandaloneWorker worker =
          StandaloneWorker.start(
              bootstrap, workDir.resolve("connect.offsets"), archive.top().getParent())) {
        streamsChanges(ecr, worker, bootstrap);
      }
    }
  }

  private static void streamsChanges(FakeEcrServer ecr, StandaloneWorker worker, String bootstrap)
      throws Exception {
    ecr.put(REGION, ACCOUNT, FakeRule.of("docker-hub", "registry-1.docker.io", "docker-hub"));
    ecr.put(REGION, ACCOUNT, FakeRule.of("ghcr", "ghcr.io", "github-container-registry"));
    Map<String, String> config =
        new HashMap<>(
            ProjectFiles.properties(
                ProjectFiles.path("config/ecr-pull-through-cache-source.properties")));
    String topic = config.get("topic");
    config.put("aws.ecr.endpoint", ecr.endpoint().toString());
    config.put("aws.ecr.registry.ids", ACCOUNT);
    config.put("aws.access.key.id", "AKIDCONTAINERTEST");
    config.put("aws.secret.access.key", "not-a-secret");
    config.put("poll.interval.ms", "500");

    worker.createConnector(config.get("name"), config);

    try (TopicReader reader = new TopicReader(bootstrap, topic, false)) {
      List<ChangeRecord> reads = reader.awaitCount(2, TIMEOUT);
      assertThat(ops(reads)).containsExactly("r", "r");

      ecr.update(REGION, ACCOUNT, "ghcr", r -> r.withUpstreamRepositoryPrefix("my-org"));
      List<ChangeRecord> all = reader.awaitCount(3, TIMEOUT);
      assertThat(all.get(2).op()).isEqualTo("u");
      assertThat(all.get(2).prefix()).isEqualTo("ghcr");
      assertThat(all.get(2).changedFields()).containsExactly("upstreamRepositoryPrefix");
    }

    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config topicConfig = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      assertThat(topicConfig.get("cleanup.policy").value())
          .as("KIP-158 topic creation")
          .isEqualTo("compact");
    }
  }
}
