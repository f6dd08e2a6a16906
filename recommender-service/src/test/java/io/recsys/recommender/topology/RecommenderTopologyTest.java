package io.recsys.recommender.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.recommender.history.UserHistory;
import io.recsys.recommender.model.ServingModelHolder;
import io.recsys.schemas.DlqHeaders;
import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.EventSource;
import io.recsys.schemas.avro.ItemStats;
import io.recsys.schemas.avro.RatingEvent;
import io.recsys.schemas.avro.Recommendations;
import io.recsys.schemas.avro.ScoredItem;
import io.recsys.schemas.avro.UserEmbedding;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecommenderTopologyTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final TopologyConfig CONFIG = new TopologyConfig(5, 3, Duration.ofMillis(10), 3);

  @TempDir
  Path stateDir;

  private final ServingModelHolder models = new ServingModelHolder();
  private TopologyTestDriver driver;
  private TestInputTopic<Long, RatingEvent> ratings;
  private TestInputTopic<byte[], byte[]> rawRatings;
  private TestOutputTopic<Long, UserEmbedding> embeddings;
  private TestOutputTopic<Long, Recommendations> recommendations;
  private TestOutputTopic<Long, ItemStats> itemStats;
  private TestOutputTopic<byte[], byte[]> dlq;

  @BeforeEach
  void start() {
    models.swap(new StandInServingModel("v1"));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "recommender-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(RecommenderTopology.build(CONFIG, models), props, T0);
    ratings = driver.createInputTopic(Topics.RATINGS.name(), Topics.RATINGS.keySerde().serializer(),
        Topics.RATINGS.valueSerde().serializer());
    rawRatings = driver.createInputTopic(Topics.RATINGS.name(), Serdes.ByteArray().serializer(),
        Serdes.ByteArray().serializer());
    embeddings = driver.createOutputTopic(Topics.USER_EMBEDDINGS.name(),
        Topics.USER_EMBEDDINGS.keySerde().deserializer(),
        Topics.USER_EMBEDDINGS.valueSerde().deserializer());
    recommendations = driver.createOutputTopic(Topics.RECOMMENDATIONS.name(),
        Topics.RECOMMENDATIONS.keySerde().deserializer(),
        Topics.RECOMMENDATIONS.valueSerde().deserializer());
    itemStats = driver.createOutputTopic(Topics.ITEM_STATS.name(),
        Topics.ITEM_STATS.keySerde().deserializer(), Topics.ITEM_STATS.valueSerde().deserializer());
    dlq = driver.createOutputTopic(Topics.RATINGS_DLQ.name(), Serdes.ByteArray().deserializer(),
        Serdes.ByteArray().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private static RatingEvent event(String id, long user, long movie, Float rating, long second) {
    return new RatingEvent(id, user, movie, rating, T0.plusSeconds(second), EventSource.TEST);
  }

  private void send(RatingEvent e) {
    ratings.pipeInput(e.getUserId(), e);
  }

  private void tick() {
    driver.advanceWallClockTime(CONFIG.flushInterval());
  }

  @Test
  void aChangedUserGetsAnEmbeddingAndRecommendationsAfterTheFlushInterval() {
    send(event("a", 7, 2, 4.0f, 1));
    send(event("b", 7, 1, null, 2));
    assertThat(embeddings.isEmpty()).isTrue();

    tick();

    UserEmbedding embedding = embeddings.readValue();
    assertThat(embedding.getUserId()).isEqualTo(7);
    assertThat(embedding.getModelVersion()).isEqualTo("v1");
    assertThat(embedding.getVector()).containsExactly(2f, 1f);
    assertThat(embedding.getSequenceLength()).isEqualTo(2);
    assertThat(embedding.getSourceEventTime()).isEqualTo(T0.plusSeconds(2));
    Recommendations recs = recommendations.readValue();
    assertThat(recs.getItems()).extracting(ScoredItem::getMovieId).containsExactly(3L, 4L, 5L);
    assertThat(recs.getModelVersion()).isEqualTo("v1");
    assertThat(recs.getSourceEventTime()).isEqualTo(T0.plusSeconds(2));
    assertThat(embeddings.isEmpty()).isTrue();
    KeyValueStore<Long, UserEmbedding> store = driver.getKeyValueStore(StoreNames.USER_EMBEDDINGS);
    assertThat(store.get(7L)).isEqualTo(embedding);
  }

  @Test
  void aFullBatchIsEncodedAtOnceWithOneModelCall() {
    StandInServingModel model = new StandInServingModel("v1");
    models.swap(model);
    send(event("a", 1, 10, null, 1));
    send(event("b", 2, 10, null, 1));
    send(event("c", 3, 10, null, 1));
    assertThat(embeddings.readKeyValuesToList()).extracting(kv -> kv.key)
        .containsExactlyInAnyOrder(1L, 2L, 3L);
    assertThat(model.encodeCalls).isEqualTo(1);
  }

  @Test
  void duplicatesAreIgnoredAndLateEventsTakeTheirPlaceInTime() {
    send(event("a", 7, 1, 4.0f, 10));
    send(event("a", 7, 1, 4.0f, 10));
    send(event("late", 7, 2, 3.0f, 5));
    tick();
    KeyValueStore<Long, UserHistory> histories = driver.getKeyValueStore(StoreNames.USER_HISTORIES);
    assertThat(histories.get(7L).movieIds()).containsExactly(2, 1);
    assertThat(embeddings.readValue().getSourceEventTime()).isEqualTo(T0.plusSeconds(10));
    // the duplicate is not counted twice
    assertThat(itemStats.readKeyValuesToMap().get(1L).getInteractionCount()).isEqualTo(1);
  }

  @Test
  void itemStatsCountAndAverageRatingsPerMovie() {
    send(event("a", 1, 42, 4.0f, 1));
    send(event("b", 2, 42, 5.0f, 2));
    send(event("c", 3, 42, null, 3));
    ItemStats stats = itemStats.readKeyValuesToMap().get(42L);
    assertThat(stats.getInteractionCount()).isEqualTo(3);
    assertThat(stats.getRatingCount()).isEqualTo(2);
    assertThat(stats.getAverageRating()).isEqualTo(4.5);
    assertThat(stats.getUpdatedAt()).isEqualTo(T0.plusSeconds(3));
  }

  @Test
  void poisonRecordsGoToTheDlqWithTheirReasonAndProcessingContinues() {
    rawRatings.pipeInput(new byte[] {1, 2, 3}, new byte[] {9, 9, 9, 9});
    send(event("bad-rating", 7, 1, 4.3f, 1));
    ratings.pipeInput(99L, event("wrong-key", 7, 1, 4.0f, 1));
    send(event("ok", 7, 1, 4.0f, 2));

    List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
    assertThat(dead).hasSize(3);
    assertThat(dead).extracting(r -> DlqHeaders.read(r.headers(), DlqHeaders.ERROR_CLASS))
        .containsExactly("SerializationException", "InvalidRatingEvent", "WrongKey");
    assertThat(DlqHeaders.read(dead.get(1).headers(), DlqHeaders.ERROR_MESSAGE))
        .contains("rating: must be in half steps");
    assertThat(DlqHeaders.read(dead.get(0).headers(), DlqHeaders.SOURCE_TOPIC)).isEqualTo("ratings");
    assertThat(dead.get(0).value()).containsExactly(9, 9, 9, 9);

    tick();
    assertThat(embeddings.readValue().getSequenceLength()).isEqualTo(1);
  }

  @Test
  void usersWaitForAModelAndOutputsCarryTheVersionInService() {
    models.swap(null);
    send(event("a", 7, 1, 4.0f, 1));
    tick();
    assertThat(embeddings.isEmpty()).isTrue();

    models.swap(new StandInServingModel("v2"));
    tick();
    assertThat(embeddings.readValue().getModelVersion()).isEqualTo("v2");
    assertThat(recommendations.readValue().getModelVersion()).isEqualTo("v2");
  }

  @Test
  void historiesKeepOnlyTheModelsSequenceLength() {
    for (int i = 1; i <= 7; i++) {
      send(event("e" + i, 7, i, null, i));
    }
    tick();
    KeyValueStore<Long, UserHistory> histories = driver.getKeyValueStore(StoreNames.USER_HISTORIES);
    assertThat(histories.get(7L).movieIds()).containsExactly(3, 4, 5, 6, 7);
  }
}
