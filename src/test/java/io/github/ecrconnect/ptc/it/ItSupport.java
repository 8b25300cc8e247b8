package io.github.ecrconnect.ptc.it;

import io.github.ecrconnect.ptc.testkit.FakeEcrServer;
import io.github.ecrconnect.ptc.testkit.FakeRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;

/** What the reliability integration tests share: connector configs, waits with deadlines. */
final class ItSupport {
  static final Duration TIMEOUT = Duration.ofSeconds(60);
  static final String US = "us-east-1";
  static final String EU = "eu-west-1";
  static final String CONNECTOR_CLASS =
      "io.github.ecrconnect.ptc.connect.EcrPullThroughCacheSourceConnector";

  private ItSupport() {}

  /** The connector properties of a quick test against {@code ecr}; change them with put. */
  static Map<String, String> connectorConfig(
      FakeEcrServer ecr, String topic, String account, String secret) {
    Map<String, String> props = new HashMap<>();
    props.put("connector.class", CONNECTOR_CLASS);
    props.put("tasks.max", "1");
    props.put("topic", topic);
    props.put("poll.interval.ms", "300");
    props.put("retry.backoff.ms", "100");
    props.put("retry.backoff.max.ms", "500");
    props.put("aws.regions", US);
    props.put("aws.ecr.registry.ids", account);
    props.put("aws.ecr.endpoint", ecr.endpoint().toString());
    props.put("aws.access.key.id", "AKIDRELIABILITY");
    props.put("aws.secret.access.key", secret);
    props.put("aws.ecr.api.call.attempt.timeout.ms", "2000");
    props.put("aws.ecr.api.call.timeout.ms", "5000");
    props.put("topic.creation.default.replication.factor", "1");
    props.put("topic.creation.default.partitions", "1");
    props.put("topic.creation.default.cleanup.policy", "compact");
    return props;
  }

  static FakeRule rule(String prefix) {
    return FakeRule.of(prefix, "registry-1.docker.io", "docker-hub")
        .withUpstreamRepositoryPrefix("library")
        .withCredentialArn(
            "arn:aws:secretsmanager:us-east-1:000000000000:secret:ecr-pullthroughcache/" + prefix);
  }

  /** Waits for {@code condition}, checking every 20 ms, failing after {@link #TIMEOUT}. */
  static void await(BooleanSupplier condition, String what) {
    await(condition, TIMEOUT, what);
  }

  static void await(BooleanSupplier condition, Duration timeout, String what) {
    await(condition, timeout, () -> what);
  }

  /** {@code what} is computed when the wait fails, so it can tell what was seen last. */
  static void await(BooleanSupplier condition, Duration timeout, Supplier<String> what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!holdsOutsideRebalance(condition)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + timeout + " waiting for " + what.get());
      }
      try {
        Thread.sleep(20); // the polling step of a deadline-bounded wait, not synchronisation
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  /**
   * The condition, or false while the worker rebalances: its REST API then refuses requests ("a
   * rebalance is expected", "rebalance in progress"), which a wait on REST state must outlast.
   */
  private static boolean holdsOutsideRebalance(BooleanSupplier condition) {
    try {
      return condition.getAsBoolean();
    } catch (ConnectRestException e) {
      if (String.valueOf(e.getMessage()).contains("rebalance")) {
        return false;
      }
      throw e;
    }
  }

  /** "op prefix" of each record, e.g. "c new-01", "tombstone old-1". */
  static List<String> events(List<ChangeRecord> records) {
    return records.stream().map(r -> r.op() + " " + r.prefix()).collect(Collectors.toList());
  }

  /** The worker that runs task {@code task} of {@code connector}, by its REST address. */
  static WorkerHandle workerOfTask(EmbeddedConnectCluster connect, String connector, int task) {
    ConnectorStateInfo status = connect.connectorStatus(connector);
    String workerId =
        status.tasks().stream()
            .filter(t -> t.id() == task)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no task " + task + " in " + status))
            .workerId();
    return connect.workers().stream()
        .filter(w -> workerId.equals(w.url().getHost() + ":" + w.url().getPort()))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no worker " + workerId + " in " + connect.workers()));
  }

  /**
   * Restarts one task over REST ({@code POST /connectors/<c>/tasks/<t>/restart}); returns once the
   * worker answered, i.e. once the old instance stopped. The test kit of Kafka 3.7 (a cell of the
   * matrix) has no restartTask.
   */
  static void restartTask(EmbeddedConnectCluster connect, String connector, int task) {
    URI uri =
        URI.create(
            connect.endpointForResource("connectors/" + connector + "/tasks/" + task + "/restart"));
    HttpResponse<String> response;
    try {
      response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
                  HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted restarting task " + task + " of " + connector, e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new AssertionError(
          "restarting task "
              + task
              + " of "
              + connector
              + ": "
              + response.statusCode()
              + " "
              + response.body());
    }
  }

  static String workerId(WorkerHandle worker) {
    return worker.url().getHost() + ":" + worker.url().getPort();
  }
}
