package io.recsys.recommender.topology;

import io.recsys.recommender.history.UserHistorySerde;
import io.recsys.recommender.model.ServingModelHolder;
import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.ItemStats;
import io.recsys.schemas.avro.RatingEvent;
import io.recsys.schemas.avro.Recommendations;
import io.recsys.schemas.avro.UserEmbedding;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The recommender's stream processing, as a pure function of its configuration:
 * <pre>
 * ratings (raw) → validate-rating ─invalid→ ratings-dlq
 *                                 └valid→ update-history [user-histories, pending-users,
 *                                           user-embeddings-store] ─→ user-embeddings
 *                                                                  ├→ recommendations
 *                                                                  └new events→ by movie →
 *                                           item-stats-store → item-stats
 * catalog → catalog-store (global);  item-stats → item-stats-global (global)
 * </pre>
 */
public final class RecommenderTopology {

  private RecommenderTopology() {
  }

  public static Topology build(TopologyConfig config, ServingModelHolder models) {
    return build(config, models, RecomputeListener.NONE);
  }

  public static Topology build(TopologyConfig config, ServingModelHolder models,
                               RecomputeListener listener) {
    StreamsBuilder builder = new StreamsBuilder();
    addStores(builder, config);

    builder.globalTable(Topics.CATALOG.name(),
        Consumed.with(Topics.CATALOG.keySerde(), Topics.CATALOG.valueSerde())
            .withName("catalog-source"),
        Materialized.<Long, io.recsys.schemas.avro.CatalogItem, KeyValueStore<Bytes, byte[]>>as(
            StoreNames.CATALOG));
    builder.globalTable(Topics.ITEM_STATS.name(),
        Consumed.with(Topics.ITEM_STATS.keySerde(), Topics.ITEM_STATS.valueSerde())
            .withName("item-stats-source"),
        Materialized.<Long, ItemStats, KeyValueStore<Bytes, byte[]>>as(StoreNames.ITEM_STATS));

    Map<String, KStream<Long, CheckedRating>> checked = builder
        .stream(Topics.RATINGS.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
            .withName("ratings-source"))
        .process(() -> new RatingValidator(listener), Named.as("validate-rating"))
        .split(Named.as("rating-"))
        .branch((k, v) -> v.isValid(), Branched.as("valid"))
        .defaultBranch(Branched.as("invalid"));

    checked.get("rating-invalid")
        .map((k, v) -> KeyValue.pair(v.rawKey(), v.rawValue()), Named.as("dlq-record"))
        .to(Topics.RATINGS_DLQ.name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
            .withName("dlq-sink"));

    Map<String, KStream<Long, Object>> outputs = checked.get("rating-valid")
        .mapValues(CheckedRating::event, Named.as("valid-event"))
        .process(() -> new HistoryProcessor(config, models, listener), Named.as("update-history"),
            StoreNames.USER_HISTORIES, StoreNames.PENDING_USERS, StoreNames.USER_EMBEDDINGS)
        .split(Named.as("output-"))
        .branch((k, v) -> v instanceof UserEmbedding, Branched.as("embedding"))
        .branch((k, v) -> v instanceof Recommendations, Branched.as("recommendations"))
        .defaultBranch(Branched.as("new-event"));

    outputs.get("output-embedding")
        .mapValues(v -> (UserEmbedding) v, Named.as("as-embedding"))
        .to(Topics.USER_EMBEDDINGS.name(), produced(Topics.USER_EMBEDDINGS, "embeddings-sink"));
    outputs.get("output-recommendations")
        .mapValues(v -> (Recommendations) v, Named.as("as-recommendations"))
        .to(Topics.RECOMMENDATIONS.name(),
            produced(Topics.RECOMMENDATIONS, "recommendations-sink"));

    outputs.get("output-new-event")
        .mapValues(v -> (RatingEvent) v, Named.as("as-event"))
        .selectKey((user, event) -> event.getMovieId(), Named.as("key-by-movie"))
        .groupByKey(Grouped.with("events-by-movie", Serdes.Long(), Topics.RATINGS.valueSerde()))
        .aggregate(RecommenderTopology::emptyStats, (movie, event, stats) -> addTo(stats, event),
            Named.as("aggregate-item-stats"),
            Materialized.<Long, ItemStats, KeyValueStore<Bytes, byte[]>>as(
                    StoreNames.ITEM_STATS_LOCAL)
                .withKeySerde(Serdes.Long()).withValueSerde(Topics.ITEM_STATS.valueSerde())
                .withCachingDisabled())
        .toStream(Named.as("item-stats-changes"))
        .to(Topics.ITEM_STATS.name(), produced(Topics.ITEM_STATS, "item-stats-sink"));

    return builder.build();
  }

  /**
   * Only the histories are cached: each event rewrites its user's whole history, and in a
   * backlog the cache turns a user's many rewrites between two commits into one (ML-1M replay
   * 107 s uncached, 52 s cached; caching every store too gave 49 s). The other stores hold
   * small values written about once per event or recomputed user, and a cached store's
   * changelog records all wait for the commit, which then needs one more round trip to the
   * broker before live outputs become visible (freshness p99 at 200 events/s: 108-261 ms with
   * every store cached, 58-97 ms with only the histories).
   */
  private static void addStores(StreamsBuilder builder, TopologyConfig config) {
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(StoreNames.USER_HISTORIES), Serdes.Long(),
        new UserHistorySerde(config.historyLength())).withCachingEnabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(StoreNames.PENDING_USERS), Serdes.Long(), Serdes.Long())
        .withCachingDisabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(StoreNames.USER_EMBEDDINGS), Serdes.Long(),
        Topics.USER_EMBEDDINGS.valueSerde()).withCachingDisabled());
  }

  private static <V> Produced<Long, V> produced(io.recsys.schemas.Topic<Long, V> topic,
                                                String name) {
    return Produced.with(topic.keySerde(), topic.valueSerde()).withName(name);
  }

  private static ItemStats emptyStats() {
    return new ItemStats(0L, 0L, 0L, 0.0, null, Instant.EPOCH);
  }

  static ItemStats addTo(ItemStats stats, RatingEvent event) {
    long ratingCount = stats.getRatingCount();
    double ratingSum = stats.getRatingSum();
    if (event.getRating() != null) {
      ratingCount++;
      ratingSum += event.getRating();
    }
    Instant updated = event.getEventTime().isAfter(stats.getUpdatedAt())
        ? event.getEventTime() : stats.getUpdatedAt();
    return new ItemStats(event.getMovieId(), stats.getInteractionCount() + 1, ratingCount,
        ratingSum, ratingCount == 0 ? null : ratingSum / ratingCount, updated);
  }
}
