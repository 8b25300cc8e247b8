package io.github.ecrconnect.ptc.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from the beginning as raw bytes, as a consumer that knows no converter does, and
 * keeps every record so tests wait for a condition (with a deadline) instead of sleeping.
 */
final class RawTopicReader implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

  RawTopicReader(String bootstrapServers, String topic) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "raw-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.METADATA_MAX_AGE_CONFIG,
                500),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    consumer.subscribe(Set.of(topic));
  }

  /** Waits until the records read so far satisfy {@code condition}; returns them. */
  List<ConsumerRecord<byte[], byte[]>> awaitUntil(
      Predicate<List<ConsumerRecord<byte[], byte[]>>> condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(records)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "Timed out after " + timeout + " waiting for " + what + "; read " + records.size());
      }
      consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    }
    return List.copyOf(records);
  }

  List<ConsumerRecord<byte[], byte[]>> awaitCount(int count, Duration timeout) {
    return awaitUntil(r -> r.size() >= count, timeout, count + " records");
  }

  @Override
  public void close() {
    consumer.close();
  }
}
