package io.recsys.index.filter;

import java.util.Collection;
import java.util.Set;

/**
 * Which items a recommendation may contain, as the HTTP API states it. Null bounds and empty
 * sets mean "no constraint". Compiled into an {@link io.recsys.index.IdFilter} by
 * {@link ItemMetadataTable#compile(FilterSpec)}.
 *
 * @param genresAnyOf  items with at least one of these genres
 * @param yearMin      release year at least this (inclusive)
 * @param yearMax      release year at most this (inclusive)
 * @param minAvgRating average rating at least this
 * @param excludedIds  never these (already seen, explicitly excluded)
 */
public record FilterSpec(
        Set<String> genresAnyOf,
        Integer yearMin,
        Integer yearMax,
        Float minAvgRating,
        IdSet excludedIds) {

    public FilterSpec {
        genresAnyOf = genresAnyOf == null ? Set.of() : Set.copyOf(genresAnyOf);
        excludedIds = excludedIds == null ? IdSet.empty() : excludedIds;
        if (yearMin != null && yearMax != null && yearMin > yearMax) {
            throw new IllegalArgumentException("yearMin " + yearMin + " is after yearMax " + yearMax);
        }
        if (minAvgRating != null && minAvgRating.isNaN()) {
            throw new IllegalArgumentException("minAvgRating is NaN");
        }
    }

    /** Allows everything. */
    public static FilterSpec none() {
        return new FilterSpec(Set.of(), null, null, null, IdSet.empty());
    }

    public FilterSpec withGenresAnyOf(Collection<String> genres) {
        return new FilterSpec(Set.copyOf(genres), yearMin, yearMax, minAvgRating, excludedIds);
    }

    public FilterSpec withYearRange(Integer min, Integer max) {
        return new FilterSpec(genresAnyOf, min, max, minAvgRating, excludedIds);
    }

    public FilterSpec withMinAvgRating(Float min) {
        return new FilterSpec(genresAnyOf, yearMin, yearMax, min, excludedIds);
    }

    public FilterSpec withExcludedIds(IdSet ids) {
        return new FilterSpec(genresAnyOf, yearMin, yearMax, minAvgRating, ids);
    }

    public FilterSpec withExcludedIds(Collection<Long> ids) {
        return withExcludedIds(IdSet.of(ids));
    }

    /** True when some attribute (genre, year, rating) constrains the result. */
    public boolean hasAttributeConstraints() {
        return !genresAnyOf.isEmpty() || yearMin != null || yearMax != null || minAvgRating != null;
    }

    public boolean isUnconstrained() {
        return !hasAttributeConstraints() && excludedIds.isEmpty();
    }
}
