package io.recsys.index;

/** How a search was answered; reported on every result for tests and metrics. */
public enum SearchStrategy {
    /** Nothing can match (empty index or a filter allowing nothing). */
    NO_RESULTS,
    /** The index as built, no filter. */
    UNFILTERED,
    /** Unfiltered top k + |excluded|, excluded ones dropped: cheap for short seen-lists. */
    OVERFETCH_AND_DROP,
    /** Brute force over the allowed items only: exact, cheap when few pass. */
    EXACT_ALLOWED_SCAN,
    /** The index searched with the filter pushed down (FAISS IDSelector, filtered HNSW walk). */
    FILTERED_INDEX
}
