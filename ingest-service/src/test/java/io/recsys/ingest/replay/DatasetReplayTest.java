package io.recsys.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.ingest.dataset.Dataset;
import io.recsys.ingest.dataset.DatasetLocation;
import io.recsys.kafka.EmbeddedKafkaBroker;
import io.recsys.schemas.TopicCreator;
import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.EventSource;
import io.recsys.schemas.avro.RatingEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DatasetReplayTest {

  private static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start(0, null);
    TopicCreator.createMissing(Map.of("bootstrap.servers", broker.bootstrapServers()), 2, (short) 1);
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void publishesTheCatalogAndEveryEventKeyedByUserInTimeOrder() {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    DatasetReplay replay = new DatasetReplay(Map.of("bootstrap.servers", broker.bootstrapServers()),
        DatasetLocation.fromEnvironment(), new PrintStream(progress));
    List<?> expected = Dataset.ML_LATEST_SMALL.events(DatasetLocation.fromEnvironment(), 3);

    DatasetReplay.Result result = replay.run(
        new DatasetReplay.Options(Dataset.ML_LATEST_SMALL, 0, 3, true));

    assertThat(result.events()).isEqualTo(expected.size());
    assertThat(result.catalogItems()).isEqualTo(9_742);
    assertThat(progress.toString()).contains("replay ml-latest-small").contains("(100.0%)");
    List<ConsumerRecord<Long, RatingEvent>> records = readAll(expected.size());
    assertThat(records).hasSize(expected.size());
    assertThat(records).allSatisfy(r -> {
      assertThat(r.key()).isEqualTo(r.value().getUserId());
      assertThat(r.value().getSource()).isEqualTo(EventSource.REPLAY);
      assertThat(r.value().getEventId()).startsWith("ml-latest-small:" + r.key() + ":");
    });
  }

  @Test
  void pacesToTheRequestedRate() {
    DatasetReplay replay = new DatasetReplay(Map.of("bootstrap.servers", broker.bootstrapServers()),
        DatasetLocation.fromEnvironment(), new PrintStream(new ByteArrayOutputStream()));
    // the first ML-1M user has 77 interactions; at 100/s that cannot take less than half a second
    DatasetReplay.Result result = replay.run(new DatasetReplay.Options(Dataset.ML_1M, 100, 1, false));
    assertThat(result.events()).isGreaterThan(40);
    assertThat(result.seconds()).isGreaterThanOrEqualTo((result.events() - 1) / 100.0);
  }

  private static List<ConsumerRecord<Long, RatingEvent>> readAll(int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "replay-test");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<Long, RatingEvent>> records = new ArrayList<>();
    try (KafkaConsumer<Long, RatingEvent> consumer = new KafkaConsumer<>(p,
        Topics.RATINGS.keySerde().deserializer(), Topics.RATINGS.valueSerde().deserializer())) {
      consumer.subscribe(List.of(Topics.RATINGS.name()));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        for (var r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value().getEventId().startsWith("ml-latest-small:")) {
            records.add(r); // the other test replays ML-1M into the same topic
          }
        }
      }
    }
    return records;
  }
}
