package io.github.ecrconnect.ptc.quickstart;

import io.github.ecrconnect.ptc.quickstart.EventLine.Arrival;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Prints every record of the output topic as it lands in Kafka, from offset 0, on its own thread.
 * Reads without a consumer group (it assigns the partitions once the Connect worker has created the
 * topic), so it joins nothing and commits nothing. Heartbeat records, which store a state that came
 * without change events (an empty registry, say), are shown as status lines. With {@code --avro}
 * each record is decoded through the schema registry first ({@link AvroEvents}).
 */
final class EventPrinter implements AutoCloseable {
  private static final Duration TOPIC_CHECK = Duration.ofMillis(250);

  private final String bootstrapServers;
  private final String topic;
  private final String heartbeatTopic;
  private final Console console;
  private final boolean json;
  private final Consumer<Arrival> firstArrival;
  private final AvroEvents avro;
  private final Thread thread;
  private volatile boolean closed;
  private volatile KafkaConsumer<byte[], byte[]> consumer;

  EventPrinter(
      String bootstrapServers,
      String topic,
      String heartbeatTopic,
      Console console,
      boolean json,
      Consumer<Arrival> firstArrival,
      AvroEvents avro) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.heartbeatTopic = heartbeatTopic;
    this.console = console;
    this.json = json;
    this.firstArrival = firstArrival;
    this.avro = avro;
    this.thread = new Thread(this::run, "event-printer");
  }

  EventPrinter start() {
    thread.start();
    return this;
  }

  private void run() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "quickstart-event-printer");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<byte[], byte[]> kafka =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer = kafka;
      if (closed) {
        return;
      }
      boolean first = true;
      Set<String> assigned = new HashSet<>();
      while (!closed) {
        if (assigned.size() < 2 && !assignNewTopics(kafka, assigned)) {
          Thread.sleep(TOPIC_CHECK.toMillis()); // the topics do not exist yet: check again soon
          continue;
        }
        for (ConsumerRecord<byte[], byte[]> record : kafka.poll(Duration.ofMillis(500))) {
          Arrival arrival =
              new Arrival(
                  record.topic(),
                  record.partition(),
                  record.offset(),
                  record.timestamp(),
                  record.key(),
                  record.value());
          if (first) {
            firstArrival.accept(arrival);
            first = false;
          }
          print(arrival);
        }
      }
    } catch (WakeupException | InterruptedException e) {
      // closed
    } catch (RuntimeException e) {
      if (!closed) {
        console.error("the event printer stopped: " + e);
      }
    }
  }

  /**
   * Assigns the partitions of topics that now exist, from their start; false if none is assigned.
   */
  private boolean assignNewTopics(KafkaConsumer<byte[], byte[]> kafka, Set<String> assigned) {
    Map<String, List<PartitionInfo>> existing = kafka.listTopics(Duration.ofSeconds(5));
    List<TopicPartition> added = new ArrayList<>();
    for (String name : List.of(topic, heartbeatTopic)) {
      if (!assigned.contains(name) && existing.containsKey(name)) {
        existing.get(name).forEach(p -> added.add(new TopicPartition(name, p.partition())));
        assigned.add(name);
      }
    }
    if (!added.isEmpty()) {
      List<TopicPartition> all = new ArrayList<>(kafka.assignment());
      all.addAll(added);
      kafka.assign(all);
      kafka.seekToBeginning(added);
    }
    return !assigned.isEmpty();
  }

  private void print(Arrival written) {
    try {
      Arrival record = written;
      String decoded = null;
      if (avro != null) {
        AvroEvents.Event event = avro.decode(written);
        record = event.json();
        decoded = event.decoded();
      }
      if (record.topic().equals(heartbeatTopic)) {
        console.status(EventLine.heartbeat(record));
      } else if (json) {
        console.event(EventLine.json(record));
      } else {
        console.event(EventLine.readable(record));
        if (decoded != null) {
          console.event("          " + decoded);
        }
      }
    } catch (IOException e) {
      console.error("cannot read the record at " + written.position() + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    closed = true;
    KafkaConsumer<byte[], byte[]> kafka = consumer;
    if (kafka != null) {
      kafka.wakeup();
    }
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
