package io.recsys.index;

/**
 * A chosen strategy plus how many results to fetch from the underlying search.
 *
 * @param strategy how to search
 * @param k        results the caller will get at most (k capped by what can pass)
 * @param fetch    results to ask the underlying search for (more than k when overfetching)
 */
public record SearchPlan(SearchStrategy strategy, int k, int fetch) {

    /**
     * Picks a strategy the way vector databases do: estimated selectivity decides between
     * pushing the filter into the index and brute-forcing the few allowed items.
     */
    public static SearchPlan choose(int indexSize, int k, IdFilter filter, IndexConfig config) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        if (indexSize == 0) {
            return new SearchPlan(SearchStrategy.NO_RESULTS, 0, 0);
        }
        if (filter == null || filter.allowsEverything()) {
            int capped = Math.min(k, indexSize);
            return new SearchPlan(SearchStrategy.UNFILTERED, capped, capped);
        }
        if (filter.allowsNothing()) {
            return new SearchPlan(SearchStrategy.NO_RESULTS, 0, 0);
        }
        int capped = Math.min(k, filter.cardinality());
        // Overfetching pays where a filtered search is costly or inexact (graph and cluster
        // indexes). A scan checks the filter for the same cost as no filter, and fetching
        // k + |seen| would only make its top-k selection slower.
        boolean scans = config.kind() == IndexKind.EXACT || config.kind() == IndexKind.FLAT;
        if (!scans && filter.isExclusionOnly() && filter.exclusionCount() <= config.overfetchMaxExclusions()) {
            return new SearchPlan(SearchStrategy.OVERFETCH_AND_DROP, capped,
                    Math.min(indexSize, capped + filter.exclusionCount()));
        }
        if (filter.cardinality() <= config.exactScanMaxCount()
                || filter.selectivity() <= config.exactScanSelectivity()) {
            return new SearchPlan(SearchStrategy.EXACT_ALLOWED_SCAN, capped, capped);
        }
        return new SearchPlan(SearchStrategy.FILTERED_INDEX, capped, capped);
    }
}
