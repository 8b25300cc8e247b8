package io.github.ecrconnect.ptc.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Partition 0 of one topic as the worker benchmarks read it: offsets, sizes, a record awaited. */
final class BenchTopic implements AutoCloseable {
  /** Records and key + value bytes of a range of offsets. */
  record Range(long records, long bytes) {}

  private final TopicPartition partition;
  private final KafkaConsumer<byte[], byte[]> consumer;

  BenchTopic(String bootstrapServers, String name) {
    partition = new TopicPartition(name, 0);
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5_000),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    consumer.assign(List.of(partition));
  }

  long endOffset() {
    return consumer.endOffsets(List.of(partition)).getOrDefault(partition, 0L);
  }

  /** Records and key + value bytes in [from, to). */
  Range read(long from, long to, Duration timeout) {
    consumer.seek(partition, from);
    long records = 0;
    long bytes = 0;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (consumer.position(partition) < to) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Timed out reading " + partition);
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (record.offset() < to) {
          records++;
          bytes +=
              Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
        }
      }
    }
    return new Range(records, bytes);
  }

  void seekToEnd() {
    consumer.seek(partition, endOffset());
  }

  /** Reads on until a record that {@code wanted} accepts; returns System.nanoTime() of then. */
  long awaitRecord(
      Predicate<ConsumerRecord<byte[], byte[]>> wanted, String what, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
        if (wanted.test(record)) {
          return System.nanoTime();
        }
      }
    }
    throw new IllegalStateException("no record " + what + " within " + timeout);
  }

  /** The text of a key or value; empty for null (a tombstone's value). */
  static String text(byte[] bytes) {
    return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
