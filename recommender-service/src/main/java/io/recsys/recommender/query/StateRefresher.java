package io.recsys.recommender.query;

import io.recsys.recommender.model.ServingModel;
import io.recsys.recommender.model.ServingModelHolder;
import io.recsys.recommender.streams.StateNotReadyException;
import io.recsys.schemas.avro.ItemStats;
import java.util.List;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Keeps derived query state in step with the global tables: the popular ranking and the
 * filter metadata (genres, years, average ratings) of the model in service. Recomputing a
 * few thousand movies every couple of seconds costs milliseconds and spares every query.
 */
public final class StateRefresher implements RecommendationService.PopularMovies {

  static final int POPULAR_KEPT = 2_000;

  private final MovieCatalog catalog;
  private final ServingModelHolder models;
  private volatile List<ItemStats> popular = List.of();
  private volatile boolean refreshedOnce;

  public StateRefresher(MovieCatalog catalog, ServingModelHolder models) {
    this.catalog = catalog;
    this.models = models;
  }

  @Scheduled(fixedDelayString = "${recsys.recommender.refresh-interval:2s}")
  public void refresh() {
    try {
      popular = catalog.mostPopular(POPULAR_KEPT);
      List<io.recsys.index.filter.ItemMetadata> metadata = catalog.metadata();
      models.current().ifPresent(m -> m.updateMetadata(metadata));
      refreshedOnce = true;
    } catch (StateNotReadyException e) {
      // not yet running or rebalancing: try again at the next tick
    }
  }

  /**
   * Until the stores first answer, tries every 100 ms: filtered queries have no metadata before
   * the first refresh, and waiting a whole refresh interval after start-up would answer them
   * with nothing.
   */
  @Scheduled(fixedDelay = 100)
  public void refreshUntilReady() {
    if (!refreshedOnce) {
      refresh();
    }
  }

  /** Gives a model about to go into service the filter metadata known now. */
  public void prime(ServingModel model) {
    try {
      model.updateMetadata(catalog.metadata());
    } catch (StateNotReadyException e) {
      // the first refresh after the stores are ready gives it the metadata
    }
  }

  @Override
  public List<ItemStats> ranking() {
    return popular;
  }
}
