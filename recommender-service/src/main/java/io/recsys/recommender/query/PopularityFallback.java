package io.recsys.recommender.query;

import io.recsys.index.filter.FilterSpec;
import io.recsys.schemas.avro.CatalogItem;
import io.recsys.schemas.avro.ItemStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Ranks by popularity for users the model cannot serve yet (no history, or only movies it
 * does not know): the most-interacted movies that pass the filter, scored by their count.
 */
final class PopularityFallback {

  private PopularityFallback() {
  }

  record Pick(long movieId, double score) {
  }

  static List<Pick> pick(List<ItemStats> popularFirst, FilterSpec filter, int k,
                         LongFunction<Optional<CatalogItem>> catalog) {
    List<Pick> picks = new ArrayList<>(k);
    for (ItemStats s : popularFirst) {
      if (picks.size() == k) {
        break;
      }
      if (filter.excludedIds().contains(s.getMovieId())) {
        continue;
      }
      if (filter.hasAttributeConstraints() && !passes(filter, s, catalog.apply(s.getMovieId()))) {
        continue;
      }
      picks.add(new Pick(s.getMovieId(), s.getInteractionCount()));
    }
    return picks;
  }

  static boolean passes(FilterSpec f, ItemStats stats, Optional<CatalogItem> movie) {
    if (!f.genresAnyOf().isEmpty() && (movie.isEmpty()
        || movie.get().getGenres().stream().noneMatch(f.genresAnyOf()::contains))) {
      return false;
    }
    if (f.yearMin() != null || f.yearMax() != null) {
      Integer year = movie.map(CatalogItem::getYear).orElse(null);
      if (year == null || (f.yearMin() != null && year < f.yearMin())
          || (f.yearMax() != null && year > f.yearMax())) {
        return false;
      }
    }
    if (f.minAvgRating() != null) {
      Double avg = stats.getAverageRating();
      return avg != null && avg >= f.minAvgRating();
    }
    return true;
  }
}
