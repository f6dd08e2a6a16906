package io.recsys.recommender.bench;

import io.recsys.schemas.Topic;
import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.RatingEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** The Kafka clients the pipeline benchmarks use. */
final class BenchKafka {

  private BenchKafka() {
  }

  /** A producer of rating events tuned for low latency (no linger) and no duplicates. */
  static KafkaProducer<Long, RatingEvent> ratingsProducer(Map<String, Object> kafka,
                                                          int lingerMs) {
    Map<String, Object> config = new HashMap<>(kafka);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
    config.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    return new KafkaProducer<>(config, Topics.RATINGS.keySerde().serializer(),
        Topics.RATINGS.valueSerde().serializer());
  }

  /**
   * A consumer of every partition of a topic, positioned at its end: it sees only what the
   * pipeline publishes from now on. No group, so nothing is committed anywhere.
   */
  static <V> KafkaConsumer<Long, V> tailOf(Map<String, Object> kafka, Topic<Long, V> topic) {
    Map<String, Object> config = new HashMap<>(kafka);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    KafkaConsumer<Long, V> consumer = new KafkaConsumer<>(config, topic.keySerde().deserializer(),
        topic.valueSerde().deserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo p : consumer.partitionsFor(topic.name(), Duration.ofSeconds(30))) {
      partitions.add(new TopicPartition(p.topic(), p.partition()));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // resolve the end now, before anything is sent
    return consumer;
  }
}
