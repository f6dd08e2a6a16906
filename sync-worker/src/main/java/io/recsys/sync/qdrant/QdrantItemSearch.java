package io.recsys.sync.qdrant;

import com.google.common.util.concurrent.ListenableFuture;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.recsys.index.ScoredId;
import io.recsys.index.filter.FilterSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Filtered top-k over the collection behind the alias: the Qdrant query backend that a
 * recommender can use for {@code /recommend_filter} (genres any-of, year range, minimum
 * average rating, seen items excluded), with the filter translation of {@link QdrantFilters}.
 * Does not own the client.
 */
public final class QdrantItemSearch {

  private final QdrantClient client;
  private final String alias;
  private final boolean exact;
  private final Duration timeout;

  public QdrantItemSearch(QdrantClient client, String alias, boolean exact, Duration timeout) {
    this.client = client;
    this.alias = alias;
    this.exact = exact;
    this.timeout = timeout;
  }

  /** Movie ids with their scores, best first. */
  public List<ScoredId> search(float[] user, int k, FilterSpec filters) throws QdrantUnavailableException {
    ListenableFuture<List<ScoredPoint>> future = client.searchAsync(
        QdrantRequests.search(alias, user, k, filters, exact), timeout);
    try {
      return future.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS).stream()
          .map(p -> new ScoredId(p.getId().getNum(), p.getScore())).toList();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QdrantUnavailableException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new QdrantUnavailableException("search on " + alias + " failed: " + e.getMessage(), e);
    }
  }

  /** Qdrant could not answer; callers fall back to the local index and say so. */
  public static final class QdrantUnavailableException extends Exception {
    public QdrantUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
