package io.github.ecrconnect.ptc.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * Reads a topic from the beginning and keeps every record, so tests can wait for a condition on
 * what has arrived (with a deadline) instead of sleeping.
 */
final class TopicReader implements AutoCloseable {
  private final String topic;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final JsonConverter keys = new JsonConverter();
  private final JsonConverter values = new JsonConverter();
  private final List<ChangeRecord> records = new ArrayList<>();

  TopicReader(String bootstrapServers, String topic, boolean readCommitted) {
    this.topic = topic;
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "reader-" + java.util.UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                readCommitted ? "read_committed" : "read_uncommitted",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG,
                500),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    consumer.subscribe(Set.of(topic));
    keys.configure(Map.of("schemas.enable", "true"), true);
    values.configure(Map.of("schemas.enable", "true"), false);
  }

  /** Waits until the records read so far satisfy {@code condition}; returns them. */
  List<ChangeRecord> awaitUntil(
      Predicate<List<ChangeRecord>> condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(records)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "Timed out after " + timeout + " waiting for " + what + "; read so far: " + records);
      }
      pollOnce(Duration.ofMillis(200));
    }
    return List.copyOf(records);
  }

  /** Waits until at least {@code count} records were read. */
  List<ChangeRecord> awaitCount(int count, Duration timeout) {
    return awaitUntil(r -> r.size() >= count, timeout, count + " records");
  }

  /** Reads everything up to the topic's current end offsets and returns all records so far. */
  List<ChangeRecord> readToEnd(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    pollOnce(Duration.ofMillis(100));
    while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
      pollOnce(Duration.ofMillis(100));
    }
    Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
    while (!reached(ends)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out reading " + topic + " to its end " + ends);
      }
      pollOnce(Duration.ofMillis(100));
    }
    return List.copyOf(records);
  }

  private boolean reached(Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  List<ChangeRecord> records() {
    return List.copyOf(records);
  }

  List<ChangeRecord> recordsAfter(int index) {
    return List.copyOf(records.subList(index, records.size()));
  }

  static List<String> ops(List<ChangeRecord> records) {
    return records.stream().map(ChangeRecord::op).collect(Collectors.toList());
  }

  private void pollOnce(Duration timeout) {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
      SchemaAndValue key = keys.toConnectData(topic, record.key());
      SchemaAndValue value = values.toConnectData(topic, record.value());
      records.add(
          new ChangeRecord(
              record.topic(),
              record.partition(),
              record.offset(),
              (Struct) key.value(),
              (Struct) value.value()));
    }
  }

  /** Closes the consumer (close() without a timeout: close(Duration) is deprecated in Kafka 4). */
  @Override
  public void close() {
    consumer.close();
  }
}
