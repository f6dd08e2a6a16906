package io.recsys.qdrant;

import static io.qdrant.client.ConditionFactory.hasId;
import static io.qdrant.client.ConditionFactory.matchKeywords;
import static io.qdrant.client.ConditionFactory.range;

import io.qdrant.client.PointIdFactory;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Common.Range;
import io.recsys.index.IdFilter;
import io.recsys.index.IdMapping;
import io.recsys.index.filter.FilterSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The API's filters as Qdrant payload conditions, with the local index's meaning: genres match
 * any of the given ones; year bounds are inclusive; rating_min is a lower bound on the average
 * rating; excluded ids never appear. Items whose year or average rating is unknown fail a
 * bound on it, here as in the local index, since such fields are absent from the payload.
 */
public final class QdrantFilters {

  private QdrantFilters() {
  }

  /**
   * An id filter of the index (over its own mapping) as point-id conditions: the allowed ids
   * when they are the smaller part, else the excluded ones, which keeps requests short for both
   * selective filters and seen-item exclusions. Null when everything is allowed.
   */
  public static Filter toFilter(IdFilter filter, IdMapping ids) {
    if (filter == null || filter.allowsEverything()) {
      return null;
    }
    if (filter.cardinality() * 2L <= ids.size()) {
      List<PointId> allowed = new ArrayList<>(filter.cardinality());
      for (long id : filter.allowedIds()) {
        allowed.add(PointIdFactory.id(id));
      }
      return Filter.newBuilder().addMust(hasId(allowed)).build();
    }
    List<PointId> excluded = new ArrayList<>(ids.size() - filter.cardinality());
    for (int position = 0; position < ids.size(); position++) {
      if (!filter.allowsPosition(position)) {
        excluded.add(PointIdFactory.id(ids.idAt(position)));
      }
    }
    return Filter.newBuilder().addMustNot(hasId(excluded)).build();
  }

  /** The Qdrant filter, or null when the spec allows everything (no filter is sent). */
  public static Filter toFilter(FilterSpec spec) {
    if (spec == null || spec.isUnconstrained()) {
      return null;
    }
    Filter.Builder filter = Filter.newBuilder();
    if (!spec.genresAnyOf().isEmpty()) {
      // sorted so that equal specs give equal requests (Set order is arbitrary)
      filter.addMust(matchKeywords(ItemPayload.GENRES,
          spec.genresAnyOf().stream().sorted().toList()));
    }
    if (spec.yearMin() != null || spec.yearMax() != null) {
      Range.Builder years = Range.newBuilder();
      if (spec.yearMin() != null) {
        years.setGte(spec.yearMin());
      }
      if (spec.yearMax() != null) {
        years.setLte(spec.yearMax());
      }
      filter.addMust(range(ItemPayload.YEAR, years.build()));
    }
    if (spec.minAvgRating() != null) {
      filter.addMust(range(ItemPayload.AVG_RATING,
          Range.newBuilder().setGte(spec.minAvgRating()).build()));
    }
    if (!spec.excludedIds().isEmpty()) {
      List<PointId> ids = spec.excludedIds().stream().mapToObj(PointIdFactory::id).toList();
      filter.addMustNot(hasId(ids));
    }
    return filter.build();
  }
}
