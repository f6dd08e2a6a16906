package io.recsys.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

  @Test
  void keepsTopicsAndRecordsAcrossARestartWithTheSameDirectory(@TempDir Path dir) throws Exception {
    long offset;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, dir)) {
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic("t", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
      }
      try (KafkaProducer<String, String> producer = producer(broker.bootstrapServers())) {
        RecordMetadata meta = producer.send(new ProducerRecord<>("t", "k", "v1")).get();
        offset = meta.offset();
      }
    }
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, dir)) {
      try (KafkaConsumer<String, String> consumer = consumer(broker.bootstrapServers())) {
        consumer.subscribe(List.of("t"));
        ConsumerRecords<String, String> records = ConsumerRecords.empty();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (records.isEmpty() && System.nanoTime() < deadline) {
          records = consumer.poll(Duration.ofMillis(200));
        }
        assertThat(records.count()).isEqualTo(1);
        var record = records.iterator().next();
        assertThat(record.value()).isEqualTo("v1");
        assertThat(record.offset()).isEqualTo(offset);
      }
    }
  }

  @Test
  void temporaryDirectoryIsRemovedOnClose() {
    Path dir;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, null)) {
      dir = broker.dataDir();
      assertThat(dir).exists();
      assertThat(broker.bootstrapServers()).startsWith("localhost:");
    }
    assertThat(dir).doesNotExist();
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private static KafkaConsumer<String, String> consumer(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "g");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }
}
