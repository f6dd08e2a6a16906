package io.recsys.recommender.query;

import io.recsys.index.filter.FilterSpec;
import io.recsys.index.filter.IdSet;
import io.recsys.recommender.history.UserHistory;
import io.recsys.recommender.model.ServingModel;
import io.recsys.recommender.model.ServingModel.ScoredMovie;
import io.recsys.recommender.model.ServingModelHolder;
import io.recsys.recommender.query.RecommendationAnswer.RecommendedMovie;
import io.recsys.recommender.query.UserStateCache.UserState;
import io.recsys.recommender.streams.RecommenderStreams;
import io.recsys.recommender.topology.StoreNames;
import io.recsys.schemas.avro.CatalogItem;
import io.recsys.schemas.avro.ItemStats;
import io.recsys.schemas.avro.UserEmbedding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Answers recommendation queries from the latest state: the user's stored embedding and
 * history, and the index of the model that made the embedding. A user whose embedding was
 * made by another model version (during a rollout) is encoded with the one in service, so an
 * answer never mixes versions; a user the model cannot serve gets popular movies.
 */
public final class RecommendationService {

  private final RecommenderStreams streams;
  private final ServingModelHolder models;
  private final MovieCatalog catalog;
  private final PopularMovies popular;
  private final UserStateCache users;
  private final FilteredSearch remote;

  /**
   * @param remote answers filtered queries instead of the local index when it can (Qdrant);
   *               null for none
   */
  public RecommendationService(RecommenderStreams streams, ServingModelHolder models,
                               MovieCatalog catalog, PopularMovies popular,
                               UserStateCache users, FilteredSearch remote) {
    this.streams = streams;
    this.models = models;
    this.catalog = catalog;
    this.popular = popular;
    this.users = users;
    this.remote = remote;
  }

  /**
   * @param filter null for none; already-seen movies are always excluded on top of it
   */
  public RecommendationAnswer recommend(long userId, int k, FilterSpec filter) {
    long start = System.nanoTime();
    UserState state = users.get(userId, this::readState);
    FilterSpec spec = (filter == null ? FilterSpec.none() : filter)
        .withExcludedIds(state == null ? IdSet.empty() : state.seen());
    String suffix = filter == null || !filter.hasAttributeConstraints() ? "" : "+filter";

    Optional<ServingModel> model = models.current();
    float[] vector = model.isPresent() ? userVector(userId, state, model.get()) : null;
    List<RecommendedMovie> movies;
    String method;
    String version = null;
    if (vector != null) {
      ServingModel m = model.get();
      List<ScoredMovie> ranked = null;
      method = m.method() + suffix;
      if (remote != null && !suffix.isEmpty()) {
        Optional<List<ScoredMovie>> found = remote.search(m.version(), vector, k, spec);
        if (found.isPresent()) {
          ranked = found.get();
          method = "gsasrec+qdrant" + suffix;
        } else {
          method += "+qdrant-unavailable";
        }
      }
      movies = describe(ranked != null ? ranked : m.recommend(vector, k, spec));
      version = m.version();
    } else {
      movies = new ArrayList<>(k);
      for (PopularityFallback.Pick p : PopularityFallback.pick(popular.ranking(), spec, k,
          catalog::movie)) {
        movies.add(describe(p.movieId(), p.score()));
      }
      method = "popular" + suffix;
    }
    double latencyMs = (System.nanoTime() - start) / 1e6;
    return new RecommendationAnswer(userId, movies, Math.round(latencyMs * 1000) / 1000.0, method,
        version);
  }

  private UserState readState(long userId) {
    UserHistory history = histories().get(userId);
    ReadOnlyKeyValueStore<Long, UserEmbedding> embeddings =
        streams.store(StoreNames.USER_EMBEDDINGS);
    UserEmbedding stored = embeddings.get(userId);
    return history == null && stored == null ? null : UserState.of(history, stored);
  }

  private float[] userVector(long userId, UserState state, ServingModel model) {
    if (state == null) {
      return null;
    }
    if (state.vector() != null && model.version().equals(state.modelVersion())) {
      return state.vector();
    }
    if (state.seen().isEmpty()) {
      return null;
    }
    // made by an older model (during a rollout), or none yet: encode the ordered history now
    UserHistory history = histories().get(userId);
    return history == null || history.size() == 0 ? null
        : model.encode(List.of(history.movieIds()))[0];
  }

  private ReadOnlyKeyValueStore<Long, UserHistory> histories() {
    return streams.store(StoreNames.USER_HISTORIES);
  }

  private List<RecommendedMovie> describe(List<ScoredMovie> ranked) {
    List<RecommendedMovie> out = new ArrayList<>(ranked.size());
    for (ScoredMovie m : ranked) {
      out.add(describe(m.movieId(), m.score()));
    }
    return out;
  }

  private RecommendedMovie describe(long movieId, double score) {
    Optional<CatalogItem> movie = catalog.movie(movieId);
    return new RecommendedMovie(movieId, movie.map(CatalogItem::getTitle).orElse(null),
        movie.map(CatalogItem::getGenres).orElse(List.of()),
        movie.map(CatalogItem::getYear).orElse(null), score);
  }

  /** A search backend other than the model's own index, for filtered queries. */
  public interface FilteredSearch {
    /** The best movies the filter allows, or empty when the backend cannot answer now. */
    Optional<List<ScoredMovie>> search(String modelVersion, float[] user, int k,
                                       FilterSpec filter);
  }

  /** The popular ranking, refreshed in the background from the item statistics. */
  public interface PopularMovies {
    List<ItemStats> ranking();
  }
}
