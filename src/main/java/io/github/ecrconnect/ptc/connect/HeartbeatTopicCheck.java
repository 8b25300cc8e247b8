package io.github.ecrconnect.ptc.connect;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns in {@code validate()} when the task will write to {@link EcrSourceConfig#HEARTBEAT_TOPIC}
 * (heartbeats on, or the silent baselines of {@code snapshot.mode=no_data}) and nothing in the
 * connector's config lets Connect create that topic. Where neither the topic exists nor the broker
 * auto-creates topics (MSK, Confluent Cloud), the task's first such record blocks for the
 * producer's max.block.ms and then fails the task.
 *
 * <p>Only a warning in the worker log, because that is all Connect offers: {@code validate()} sees
 * the connector's config and nothing else (no admin client, not the worker's
 * topic.creation.enable), and a {@code ConfigValue} holds errors, not warnings. The topic may well
 * exist, so an error would refuse valid setups.
 */
final class HeartbeatTopicCheck {
  private static final Logger log = LoggerFactory.getLogger(HeartbeatTopicCheck.class);

  /** The keys of Connect's default topic-creation group (KIP-158); both are required. */
  static final String TOPIC_CREATION_REPLICATION_FACTOR =
      "topic.creation.default.replication.factor";

  static final String TOPIC_CREATION_PARTITIONS = "topic.creation.default.partitions";

  private HeartbeatTopicCheck() {}

  /** Whether a warning was logged; {@code config} has passed validation. */
  static boolean apply(EcrSourceConfig config, Map<String, String> connectorConfig) {
    boolean writesHeartbeatTopic =
        !config.heartbeatInterval().isZero() || config.snapshotMode() == SnapshotMode.NO_DATA;
    boolean connectCreatesTopics =
        isSet(connectorConfig, TOPIC_CREATION_REPLICATION_FACTOR)
            && isSet(connectorConfig, TOPIC_CREATION_PARTITIONS);
    if (!writesHeartbeatTopic || connectCreatesTopics) {
      return false;
    }
    log.warn(
        "The task will write state-only records to {}={} ({}), and this connector's config does"
            + " not let Connect create it ({} and {} are unset). Create the topic before the"
            + " connector starts, or set those two keys, unless the broker auto-creates topics;"
            + " otherwise the first such record fails the task.",
        EcrSourceConfig.HEARTBEAT_TOPIC,
        config.heartbeatTopic(),
        config.heartbeatInterval().isZero()
            ? EcrSourceConfig.SNAPSHOT_MODE + "=" + SnapshotMode.NO_DATA.configValue()
            : EcrSourceConfig.HEARTBEAT_INTERVAL_MS + "=" + config.heartbeatInterval().toMillis(),
        TOPIC_CREATION_REPLICATION_FACTOR,
        TOPIC_CREATION_PARTITIONS);
    return true;
  }

  private static boolean isSet(Map<String, String> connectorConfig, String key) {
    String value = connectorConfig.get(key);
    return value != null && !value.isBlank();
  }
}
