package io.recsys.sync.qdrant;

import io.recsys.qdrant.QdrantItemSearch;
import io.recsys.qdrant.QdrantFilters;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.recsys.index.IdFilter;
import io.recsys.index.IdMapping;
import io.recsys.index.IndexConfig;
import io.recsys.index.IndexKind;
import io.recsys.index.SearchResult;
import io.recsys.index.SearchStrategy;
import io.recsys.index.SnapshotInfo;
import io.recsys.index.VectorIndex;
import io.recsys.index.VectorTable;
import io.recsys.qdrant.ItemPayload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The {@link VectorIndex} port on a Qdrant collection of its own, so Qdrant can be checked by
 * the same contract suite as the local indexes. It owns its collection: building creates and
 * fills it, closing deletes it. Snapshots are Qdrant's business, so {@link #save} is not
 * supported. Any failure of a search, including one racing with close, is an
 * IllegalStateException.
 */
public final class QdrantVectorIndex implements VectorIndex {

  private final QdrantClient client;
  private final String collection;
  private final IdMapping ids;
  private final int dimension;
  private final boolean exact;
  private final Duration timeout;
  private volatile boolean closed;

  private QdrantVectorIndex(QdrantClient client, String collection, IdMapping ids, int dimension,
                            boolean exact, Duration timeout) {
    this.client = client;
    this.collection = collection;
    this.ids = ids;
    this.dimension = dimension;
    this.exact = exact;
    this.timeout = timeout;
  }

  /**
   * Creates the collection (dot product) and upserts the table in batches.
   *
   * @param exact search by full scan instead of HNSW (exact results at any size)
   */
  public static QdrantVectorIndex build(QdrantClient client, String collection, VectorTable table,
                                        int batchSize, boolean exact, Duration timeout) {
    IdMapping ids = IdMapping.of(table.ids()); // rejects negative and duplicate ids
    QdrantVectorIndex index = new QdrantVectorIndex(client, collection, ids, table.dimension(),
        exact, timeout);
    index.await(client.createCollectionAsync(
        QdrantRequests.createCollection(collection, table.dimension()), timeout));
    try {
      index.fill(table, batchSize);
    } catch (RuntimeException e) {
      index.close(); // a half-filled collection must not stay behind
      throw e;
    }
    return index;
  }

  private void fill(VectorTable table, int batchSize) {
    int d = table.dimension();
    for (int from = 0; from < table.size(); from += batchSize) {
      UpsertPoints.Builder request = UpsertPoints.newBuilder().setCollectionName(collection)
          .setWait(true);
      for (int row = from; row < Math.min(table.size(), from + batchSize); row++) {
        float[] v = new float[d];
        System.arraycopy(table.vectors(), row * d, v, 0, d);
        PointStruct point = QdrantRequests.point(table.ids()[row], v,
            ItemPayload.unknown(table.ids()[row]));
        request.addPoints(point);
      }
      await(client.upsertAsync(request.build(), timeout));
    }
  }

  @Override
  public IndexKind kind() {
    return IndexKind.QDRANT;
  }

  @Override
  public IndexConfig config() {
    return IndexConfig.defaults(IndexKind.QDRANT);
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public int size() {
    return ids.size();
  }

  @Override
  public IdMapping ids() {
    return ids;
  }

  @Override
  public SearchResult search(float[] query, int k, IdFilter filter) {
    checkOpen();
    if (query.length != dimension) {
      throw new IllegalArgumentException("query has " + query.length + " dimensions, the index has "
          + dimension);
    }
    if (k <= 0) {
      throw new IllegalArgumentException("k must be positive, got " + k);
    }
    IdFilter own = filter == null ? null : filter.on(ids);
    if (ids.size() == 0 || (own != null && own.allowsNothing())) {
      return new SearchResult(new long[0], new float[0], SearchStrategy.NO_RESULTS);
    }
    Filter qdrantFilter = QdrantFilters.toFilter(own, ids);
    List<ScoredPoint> points = await(client.searchAsync(
        QdrantItemSearch.request(collection, query, k, qdrantFilter, exact), timeout));
    checkOpen(); // a search that raced with close must not look like a result
    long[] outIds = new long[points.size()];
    float[] scores = new float[points.size()];
    for (int i = 0; i < points.size(); i++) {
      outIds[i] = points.get(i).getId().getNum();
      scores[i] = points.get(i).getScore();
    }
    return new SearchResult(outIds, scores,
        qdrantFilter == null ? SearchStrategy.UNFILTERED : SearchStrategy.FILTERED_INDEX);
  }

  @Override
  public SnapshotInfo save(Path file, String modelVersion) {
    checkOpen();
    throw new UnsupportedOperationException("Qdrant collections are not saved as snapshot files");
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /** Deletes the collection (best effort); the client stays open, it is the caller's. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      client.deleteCollectionAsync(collection, timeout).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception ignored) {
      // the server may be gone; nothing else to free here
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("Qdrant index " + collection + " is closed");
    }
  }

  private <T> T await(com.google.common.util.concurrent.ListenableFuture<T> future) {
    try {
      return future.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling Qdrant", e);
    } catch (ExecutionException e) {
      if (closed) {
        throw new IllegalStateException("Qdrant index " + collection + " is closed", e.getCause());
      }
      throw new IllegalStateException("Qdrant call on " + collection + " failed: "
          + e.getCause().getMessage(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Qdrant call on " + collection + " timed out", e);
    }
  }
}
