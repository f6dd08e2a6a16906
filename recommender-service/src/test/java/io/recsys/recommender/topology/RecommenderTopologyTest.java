package io.recsys.recommender.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.recommender.history.UserHistory;
import io.recsys.recommender.model.ServingModelHolder;
import io.recsys.schemas.DlqHeaders;
import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.CatalogItem;
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
  private final CountingListener counts = new CountingListener();
  private TopologyTestDriver driver;
  private TestInputTopic<Long, RatingEvent> ratings;
  private TestInputTopic<byte[], byte[]> rawRatings;
  private TestOutputTopic<Long, UserEmbedding> embeddings;
  private TestOutputTopic<Long, Recommendations> recommendations;
  private TestOutputTopic<Long, ItemStats> itemStats;
  private TestOutputTopic<byte[], byte[]> dlq;
  private TestInputTopic<Long, CatalogItem> catalog;

  /** Counts what the topology tells its listener. */
  static final class CountingListener implements RecomputeListener {
    int applied;
    int ignored;
    final List<String> rejected = new java.util.ArrayList<>();
    final List<Long> failed = new java.util.ArrayList<>();

    @Override
    public void recomputed(UserHistory history, UserEmbedding embedding,
                           Recommendations recommendations) {
    }

    @Override
    public void eventApplied(RatingEvent event) {
      applied++;
    }

    @Override
    public void eventIgnored(RatingEvent event) {
      ignored++;
    }

    @Override
    public void eventRejected(String errorClass) {
      rejected.add(errorClass);
    }

    @Override
    public void recomputeFailed(long userId, RuntimeException error) {
      failed.add(userId);
    }
  }

  @BeforeEach
  void start() {
    models.swap(new StandInServingModel("v1"));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "recommender-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(RecommenderTopology.build(CONFIG, models, counts), props, T0);
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
    catalog = driver.createInputTopic(Topics.CATALOG.name(),
        Topics.CATALOG.keySerde().serializer(), Topics.CATALOG.valueSerde().serializer());
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
  void aBacklogCoalescesEachUsersEventsIntoOneRecomputation() {
    StandInServingModel model = new StandInServingModel("v1");
    models.swap(model);
    Instant longAgo = T0.minusSeconds(60); // produced a minute before the topology sees them: a backlog
    for (int step = 0; step < 3; step++) {
      for (long user = 1; user <= 3; user++) {
        RatingEvent e = event("u" + user + "-" + step, user, 10 + step, null, step);
        ratings.pipeInput(user, e, longAgo);
      }
    }
    tick();
    assertThat(embeddings.isEmpty()).as("no flush per batch or per tick while catching up").isTrue();

    driver.advanceWallClockTime(TopologyConfig.CatchUp.DEFAULTS.maxDelay());

    List<UserEmbedding> out = embeddings.readValuesToList();
    assertThat(out).extracting(UserEmbedding::getUserId).containsExactlyInAnyOrder(1L, 2L, 3L);
    assertThat(out).allSatisfy(e -> assertThat(e.getSequenceLength()).isEqualTo(3));
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

  @Test
  void eventsAreOrderedByEventTimeNotArrival() {
    send(event("c", 7, 3, null, 30));
    send(event("a", 7, 1, null, 10));
    send(event("b", 7, 2, null, 20));
    tick();
    KeyValueStore<Long, UserHistory> histories = driver.getKeyValueStore(StoreNames.USER_HISTORIES);
    assertThat(histories.get(7L).movieIds()).containsExactly(1, 2, 3);
    UserEmbedding embedding = embeddings.readValue();
    // the stand-in's vector is (length, last movie): the model read the time-ordered sequence
    assertThat(embedding.getVector()).containsExactly(3f, 3f);
    assertThat(embedding.getSourceEventTime()).isEqualTo(T0.plusSeconds(30));
  }

  @Test
  void aLateEventIsRecomputedButKeepsTheNewestEventTime() {
    send(event("new", 7, 1, null, 100));
    tick();
    embeddings.readValue();
    send(event("late", 7, 2, null, 50));
    tick();
    UserEmbedding embedding = embeddings.readValue();
    assertThat(embedding.getSequenceLength()).isEqualTo(2);
    assertThat(embedding.getVector()).containsExactly(2f, 1f); // the late movie is not the last
    assertThat(embedding.getSourceEventTime()).isEqualTo(T0.plusSeconds(100));
    assertThat(recommendations.readRecordsToList()).last().satisfies(r -> {
      assertThat(r.value().getSourceEventTime()).isEqualTo(T0.plusSeconds(100));
      assertThat(r.value().getItems()).extracting(ScoredItem::getMovieId)
          .doesNotContain(1L, 2L);
    });
  }

  @Test
  void aRepeatedEventChangesNothingAndPublishesNothing() {
    send(event("a", 7, 1, 4.0f, 1));
    tick();
    embeddings.readValue();
    recommendations.readValue();
    send(event("a", 7, 1, 4.0f, 1));
    tick();
    assertThat(embeddings.isEmpty()).isTrue();
    assertThat(recommendations.isEmpty()).isTrue();
    assertThat(counts.applied).isEqualTo(1);
    assertThat(counts.ignored).isEqualTo(1);
  }

  @Test
  void outputsAreTaggedWithTheModelVersionThatMadeThem() {
    send(event("a", 7, 1, null, 1));
    tick();
    assertThat(embeddings.readValue().getModelVersion()).isEqualTo("v1");
    assertThat(recommendations.readValue().getModelVersion()).isEqualTo("v1");
    models.swap(new StandInServingModel("v3"));
    send(event("b", 7, 2, null, 2));
    tick();
    TestRecord<Long, UserEmbedding> embedding = embeddings.readRecord();
    assertThat(embedding.value().getModelVersion()).isEqualTo("v3");
    // the record's timestamp is the newest event's time, so downstream can measure freshness
    assertThat(embedding.timestamp()).isEqualTo(T0.plusSeconds(2).toEpochMilli());
    assertThat(recommendations.readValue().getModelVersion()).isEqualTo("v3");
  }

  @Test
  void afterAModelSwapEveryUserIsReencodedInTheBackgroundWithoutANewEvent() {
    for (long user = 1; user <= 8; user++) {
      send(event("e" + user, user, user, 4.0f, user));
    }
    tick();
    assertThat(embeddings.readValuesToList()).extracting(UserEmbedding::getModelVersion)
        .hasSize(8).containsOnly("v1");
    recommendations.readValuesToList();

    models.swap(new StandInServingModel("v2"));
    for (int i = 0; i < 10; i++) {
      tick();
    }
    List<UserEmbedding> reencoded = embeddings.readValuesToList();
    assertThat(reencoded).extracting(UserEmbedding::getModelVersion).containsOnly("v2");
    assertThat(reencoded).extracting(UserEmbedding::getUserId)
        .containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    // once all are re-encoded, nothing more is published
    for (int i = 0; i < 5; i++) {
      tick();
    }
    assertThat(embeddings.isEmpty()).isTrue();
  }

  @Test
  void moviesTheModelDoesNotKnowAreKeptButDoNotBreakEncoding() {
    long unknown = StandInServingModel.UNKNOWN_FROM + 5;
    send(event("u1", 8, unknown, 5.0f, 1));
    tick();
    // nothing the model knows yet: no embedding (the query side answers with popular movies)
    assertThat(embeddings.isEmpty()).isTrue();
    send(event("k1", 8, 4, 5.0f, 2));
    tick();
    KeyValueStore<Long, UserHistory> histories = driver.getKeyValueStore(StoreNames.USER_HISTORIES);
    assertThat(histories.get(8L).movieIds()).containsExactly(unknown, 4);
    UserEmbedding embedding = embeddings.readValue();
    assertThat(embedding.getVector()).containsExactly(1f, 4f);
    assertThat(embedding.getSequenceLength()).isEqualTo(2);
    assertThat(itemStats.readKeyValuesToMap()).containsKey(unknown);
  }

  @Test
  void aHistoryTheModelFailsOnCostsOnlyThatUser() {
    send(event("p", 1, StandInServingModel.POISON, null, 1));
    send(event("a", 2, 10, null, 1));
    send(event("b", 3, 10, null, 1)); // the third fills the batch
    assertThat(embeddings.readKeyValuesToList()).extracting(kv -> kv.key)
        .containsExactlyInAnyOrder(2L, 3L);
    assertThat(counts.failed).containsExactly(1L);
    send(event("c", 2, 11, null, 2));
    tick();
    assertThat(embeddings.readValue().getUserId()).isEqualTo(2L); // still processing
  }

  @Test
  void rejectedRecordsAreCountedByReason() {
    rawRatings.pipeInput(new byte[] {1}, new byte[] {2});
    ratings.pipeInput(7L, null);
    assertThat(counts.rejected).containsExactly("SerializationException", "MissingValue");
    assertThat(dlq.readRecordsToList()).hasSize(2);
  }

  @Test
  void catalogAndItemStatsAreStoresEveryInstanceCanRead() {
    catalog.pipeInput(42L, new CatalogItem(42L, "Movie 42", List.of("Comedy"), 1995));
    send(event("a", 1, 42, 4.0f, 1));
    send(event("b", 2, 42, 3.0f, 2));
    KeyValueStore<Long, CatalogItem> catalogStore = driver.getKeyValueStore(StoreNames.CATALOG);
    assertThat(catalogStore.get(42L).getTitle()).isEqualTo("Movie 42");
    KeyValueStore<Long, ItemStats> local = driver.getKeyValueStore(StoreNames.ITEM_STATS_LOCAL);
    assertThat(local.get(42L).getAverageRating()).isEqualTo(3.5);
    // the item-stats topic feeds the global table that filters and popularity read
    var stats = driver.createInputTopic(Topics.ITEM_STATS.name(),
        Topics.ITEM_STATS.keySerde().serializer(), Topics.ITEM_STATS.valueSerde().serializer());
    itemStats.readKeyValuesToList().forEach(kv -> stats.pipeInput(kv.key, kv.value));
    KeyValueStore<Long, ItemStats> global = driver.getKeyValueStore(StoreNames.ITEM_STATS);
    assertThat(global.get(42L).getInteractionCount()).isEqualTo(2);
  }
}
