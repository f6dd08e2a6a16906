package io.recsys.sync.qdrant;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ValueFactory.list;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;

import io.qdrant.client.grpc.Collections.AliasOperations;
import io.qdrant.client.grpc.Collections.CreateAlias;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.DeleteAlias;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.CreateFieldIndexCollection;
import io.qdrant.client.grpc.Points.FieldType;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.SearchParams;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.PointsIdsList;
import io.qdrant.client.grpc.Points.PointsSelector;
import io.qdrant.client.grpc.Points.PointsUpdateOperation;
import io.qdrant.client.grpc.Points.PointsUpdateOperation.OverwritePayload;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.recsys.index.filter.FilterSpec;
import io.recsys.sync.bundle.BundleItems;
import io.recsys.qdrant.ItemPayload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Every request the worker sends to Qdrant, built without a connection so each can be checked
 * in a unit test: the collection of a model version, its payload indexes, upsert batches and
 * the atomic alias swap.
 */
public final class QdrantRequests {

  /** Payload fields that queries filter on, with the index type each needs. */
  public static final Map<String, FieldType> INDEXED_FIELDS = indexedFields();

  private QdrantRequests() {
  }

  private static Map<String, FieldType> indexedFields() {
    Map<String, FieldType> fields = new LinkedHashMap<>();
    fields.put(ItemPayload.GENRES, FieldType.FieldTypeKeyword);
    fields.put(ItemPayload.YEAR, FieldType.FieldTypeInteger);
    fields.put(ItemPayload.AVG_RATING, FieldType.FieldTypeFloat);
    return java.util.Collections.unmodifiableMap(fields);
  }

  /** Scores are the model's dot products, so the collection uses Dot, not Cosine. */
  public static CreateCollection createCollection(String collection, int dimension) {
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension must be positive, was " + dimension);
    }
    return CreateCollection.newBuilder()
        .setCollectionName(collection)
        .setVectorsConfig(VectorsConfig.newBuilder()
            .setParams(VectorParams.newBuilder().setSize(dimension).setDistance(Distance.Dot)))
        .build();
  }

  public static List<CreateFieldIndexCollection> payloadIndexes(String collection) {
    List<CreateFieldIndexCollection> out = new ArrayList<>();
    INDEXED_FIELDS.forEach((field, type) -> out.add(CreateFieldIndexCollection.newBuilder()
        .setCollectionName(collection).setFieldName(field).setFieldType(type).setWait(true)
        .build()));
    return out;
  }

  /** Unknown fields are left out rather than stored as null, so range filters skip them. */
  public static Map<String, Value> payload(ItemPayload item) {
    Map<String, Value> out = new LinkedHashMap<>();
    out.put(ItemPayload.MOVIE_ID, value(item.movieId()));
    if (item.title() != null) {
      out.put(ItemPayload.TITLE, value(item.title()));
    }
    out.put(ItemPayload.GENRES, list(item.genres().stream().map(g -> value(g)).toList()));
    if (item.year() != null) {
      out.put(ItemPayload.YEAR, value((long) item.year()));
    }
    out.put(ItemPayload.RATING_COUNT, value(item.ratingCount()));
    if (item.averageRating() != null) {
      out.put(ItemPayload.AVG_RATING, value(item.averageRating()));
    }
    return out;
  }

  public static PointStruct point(long id, float[] vector, ItemPayload payload) {
    if (id < 0) {
      throw new IllegalArgumentException("Qdrant point ids are unsigned, got " + id);
    }
    return PointStruct.newBuilder()
        .setId(id(id))
        .setVectors(vectors(vector))
        .putAllPayload(payload(payload))
        .build();
  }

  /** How many batches a bundle takes. */
  public static int batchCount(int items, int batchSize) {
    return (items + batchSize - 1) / batchSize;
  }

  /**
   * Batch number {@code batch} of the bundle's points (rows batch*size .. +size), waiting for
   * the write to be applied so a finished rollout is fully readable.
   */
  public static UpsertPoints upsertBatch(String collection, BundleItems bundle, int batch,
                                         int batchSize, LongFunction<ItemPayload> payloads) {
    int from = batch * batchSize;
    int to = Math.min(bundle.size(), from + batchSize);
    if (from < 0 || from >= to) {
      throw new IllegalArgumentException("batch " + batch + " of size " + batchSize
          + " is outside " + bundle.size() + " items");
    }
    UpsertPoints.Builder request = UpsertPoints.newBuilder().setCollectionName(collection)
        .setWait(true);
    long[] ids = bundle.table().ids();
    for (int row = from; row < to; row++) {
      request.addPoints(point(ids[row], bundle.vector(row), payloads.apply(ids[row])));
    }
    return request.build();
  }

  /**
   * One request's worth of payload replacements (overwrite, not merge: a field that became
   * unknown must disappear, not keep its old value).
   */
  public static List<PointsUpdateOperation> overwritePayloads(Map<Long, ItemPayload> payloads) {
    List<PointsUpdateOperation> ops = new ArrayList<>();
    payloads.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> ops.add(
        PointsUpdateOperation.newBuilder().setOverwritePayload(OverwritePayload.newBuilder()
            .setPointsSelector(PointsSelector.newBuilder()
                .setPoints(PointsIdsList.newBuilder().addIds(id(e.getKey()))))
            .putAllPayload(payload(e.getValue()))).build()));
    return ops;
  }

  /**
   * Points the alias at the collection in one request, which Qdrant applies atomically: a
   * query sees either the old collection or the new one, never neither.
   *
   * @param aliasExists whether the alias exists now (deleting a missing alias is an error)
   */
  public static List<AliasOperations> swapAlias(String alias, String collection,
                                                boolean aliasExists) {
    List<AliasOperations> ops = new ArrayList<>();
    if (aliasExists) {
      ops.add(AliasOperations.newBuilder()
          .setDeleteAlias(DeleteAlias.newBuilder().setAliasName(alias)).build());
    }
    ops.add(AliasOperations.newBuilder()
        .setCreateAlias(CreateAlias.newBuilder().setAliasName(alias).setCollectionName(collection))
        .build());
    return ops;
  }
}
