package io.recsys.recommender.query;

import io.qdrant.client.QdrantClient;
import io.recsys.index.ScoredId;
import io.recsys.index.filter.FilterSpec;
import io.recsys.qdrant.CollectionNaming;
import io.recsys.qdrant.QdrantItemSearch;
import io.recsys.recommender.model.ServingModel.ScoredMovie;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Filtered queries answered by Qdrant, from the collection the sync worker filled for the
 * model version in service (not the alias, which may still point at the previous model during
 * a rollout). Empty when Qdrant cannot answer, so the local index answers instead.
 */
public final class QdrantFilteredSearch implements RecommendationService.FilteredSearch,
    AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(QdrantFilteredSearch.class);
  private static final long WARN_EVERY_NANOS = Duration.ofSeconds(30).toNanos();

  private final QdrantClient client;
  private final QdrantItemSearch search;
  private final CollectionNaming naming;
  private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

  public QdrantFilteredSearch(QdrantClient client, CollectionNaming naming, boolean exact,
                              Duration timeout) {
    this.client = client;
    this.naming = naming;
    this.search = new QdrantItemSearch(client, exact, timeout);
  }

  @Override
  public Optional<List<ScoredMovie>> search(String modelVersion, float[] user, int k,
                                            FilterSpec filter) {
    String collection = naming.collectionFor(modelVersion);
    try {
      List<ScoredId> found = search.search(collection, user, k, filter);
      return Optional.of(found.stream().map(s -> new ScoredMovie(s.id(), s.score())).toList());
    } catch (QdrantItemSearch.QdrantUnavailableException e) {
      long now = System.nanoTime();
      long last = lastWarning.get();
      if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
        log.warn("Qdrant did not answer a filtered query on {} ({}); the local index answers"
            + " until it does", collection, e.getMessage());
      }
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
