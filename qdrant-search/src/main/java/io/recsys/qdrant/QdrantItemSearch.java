package io.recsys.qdrant;

import com.google.common.util.concurrent.ListenableFuture;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchParams;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.recsys.index.ScoredId;
import io.recsys.index.filter.FilterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Filtered top-k over a Qdrant collection: the query backend a recommender can use for
 * {@code /recommend_filter} (genres any-of, year range, minimum average rating, seen items
 * excluded), with the filter translation of {@link QdrantFilters}. Does not own the client.
 */
public final class QdrantItemSearch {

  private final QdrantClient client;
  private final boolean exact;
  private final Duration timeout;

  /**
   * @param exact full scan instead of HNSW: the same results as the exact local index
   */
  public QdrantItemSearch(QdrantClient client, boolean exact, Duration timeout) {
    this.client = client;
    this.exact = exact;
    this.timeout = timeout;
  }

  /** Movie ids with their scores, best first, from the collection (or alias) named. */
  public List<ScoredId> search(String collection, float[] user, int k, FilterSpec filters)
      throws QdrantUnavailableException {
    ListenableFuture<List<ScoredPoint>> future = client.searchAsync(
        request(collection, user, k, QdrantFilters.toFilter(filters), exact), timeout);
    try {
      return future.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS).stream()
          .map(p -> new ScoredId(p.getId().getNum(), p.getScore())).toList();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QdrantUnavailableException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new QdrantUnavailableException("search on " + collection + " failed: "
          + e.getMessage(), e);
    }
  }

  /** A top-k query with a ready filter (null for none). */
  public static SearchPoints request(String collection, float[] query, int k, Filter filter,
                                     boolean exact) {
    if (k <= 0) {
      throw new IllegalArgumentException("k must be positive, got " + k);
    }
    List<Float> vector = new ArrayList<>(query.length);
    for (float v : query) {
      vector.add(v);
    }
    SearchPoints.Builder request = SearchPoints.newBuilder().setCollectionName(collection)
        .addAllVector(vector).setLimit(k)
        .setWithPayload(WithPayloadSelectorFactory.enable(false))
        .setParams(SearchParams.newBuilder().setExact(exact));
    if (filter != null) {
      request.setFilter(filter);
    }
    return request.build();
  }

  /** Qdrant could not answer; callers fall back to the local index and say so. */
  public static final class QdrantUnavailableException extends Exception {
    public QdrantUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
