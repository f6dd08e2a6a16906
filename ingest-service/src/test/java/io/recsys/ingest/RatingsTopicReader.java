package io.recsys.ingest;

import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.RatingEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Test helper: reads the ratings topic with its real serdes, from given offsets, with a deadline. */
public final class RatingsTopicReader implements AutoCloseable {

  private final KafkaConsumer<Long, RatingEvent> consumer;
  private final List<TopicPartition> partitions;

  public RatingsTopicReader(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumer = new KafkaConsumer<>(props, Topics.RATINGS.keySerde().deserializer(),
        Topics.RATINGS.valueSerde().deserializer());
    partitions = consumer.partitionsFor(Topics.RATINGS.name(), Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
  }

  /** The current end offset of every partition. */
  public Map<TopicPartition, Long> endOffsets() {
    return consumer.endOffsets(partitions, Duration.ofSeconds(10));
  }

  /** Reads exactly {@code expected} records written after {@code from}, failing at the deadline. */
  public List<ConsumerRecord<Long, RatingEvent>> read(Map<TopicPartition, Long> from, int expected,
                                                      Duration timeout) {
    from.forEach(consumer::seek);
    List<ConsumerRecord<Long, RatingEvent>> records = new ArrayList<>();
    Instant deadline = Instant.now().plus(timeout);
    while (records.size() < expected) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("Read " + records.size() + " of " + expected
            + " expected records within " + timeout);
      }
      consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    }
    return records;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
