package io.recsys.schemas;

import io.recsys.schemas.avro.CatalogItem;
import io.recsys.schemas.avro.IndexSnapshot;
import io.recsys.schemas.avro.ItemStats;
import io.recsys.schemas.avro.ModelVersion;
import io.recsys.schemas.avro.RatingEvent;
import io.recsys.schemas.avro.Recommendations;
import io.recsys.schemas.avro.UserEmbedding;
import io.recsys.schemas.Topic.CleanupPolicy;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/** Every topic of the system (see DESIGN.md, "Topics"). */
public final class Topics {

  /** Partitions of the per-user topics; users are spread over instances by these. */
  public static final int USER_PARTITIONS = 6;

  public static final Topic<Long, RatingEvent> RATINGS = new Topic<>("ratings",
      Serdes.Long(), new AvroSerde<>(RatingEvent.getClassSchema()), USER_PARTITIONS,
      CleanupPolicy.DELETE);

  /** Records that could not be read or were invalid: raw key and value plus {@link DlqHeaders}. */
  public static final Topic<byte[], byte[]> RATINGS_DLQ = new Topic<>("ratings-dlq",
      Serdes.ByteArray(), Serdes.ByteArray(), 1, CleanupPolicy.DELETE);

  public static final Topic<Long, UserEmbedding> USER_EMBEDDINGS = new Topic<>("user-embeddings",
      Serdes.Long(), new AvroSerde<>(UserEmbedding.getClassSchema()), USER_PARTITIONS,
      CleanupPolicy.COMPACT);

  public static final Topic<Long, Recommendations> RECOMMENDATIONS = new Topic<>(
      "recommendations", Serdes.Long(), new AvroSerde<>(Recommendations.getClassSchema()),
      USER_PARTITIONS, CleanupPolicy.DELETE);

  public static final Topic<Long, ItemStats> ITEM_STATS = new Topic<>("item-stats",
      Serdes.Long(), new AvroSerde<>(ItemStats.getClassSchema()), USER_PARTITIONS,
      CleanupPolicy.COMPACT);

  public static final Topic<Long, CatalogItem> CATALOG = new Topic<>("catalog",
      Serdes.Long(), new AvroSerde<>(CatalogItem.getClassSchema()), 1, CleanupPolicy.COMPACT);

  public static final Topic<String, ModelVersion> MODEL_VERSIONS = new Topic<>("model-versions",
      Serdes.String(), new AvroSerde<>(ModelVersion.getClassSchema()), 1, CleanupPolicy.COMPACT);

  public static final Topic<String, IndexSnapshot> INDEX_SNAPSHOTS = new Topic<>(
      "index-snapshots", Serdes.String(), new AvroSerde<>(IndexSnapshot.getClassSchema()), 1,
      CleanupPolicy.COMPACT);

  public static final List<Topic<?, ?>> ALL = List.of(RATINGS, RATINGS_DLQ, USER_EMBEDDINGS,
      RECOMMENDATIONS, ITEM_STATS, CATALOG, MODEL_VERSIONS, INDEX_SNAPSHOTS);

  private Topics() {
  }
}
