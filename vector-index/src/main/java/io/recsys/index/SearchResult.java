package io.recsys.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Hits best first (descending inner product; equal scores by ascending position). */
public final class SearchResult {

    private static final SearchResult EMPTY_UNFILTERED =
            new SearchResult(new long[0], new float[0], SearchStrategy.NO_RESULTS);

    private final long[] ids;
    private final float[] scores;
    private final SearchStrategy strategy;

    public SearchResult(long[] ids, float[] scores, SearchStrategy strategy) {
        if (ids.length != scores.length) {
            throw new IllegalArgumentException("ids and scores differ in length");
        }
        this.ids = ids;
        this.scores = scores;
        this.strategy = strategy;
    }

    public static SearchResult empty() {
        return EMPTY_UNFILTERED;
    }

    public int size() {
        return ids.length;
    }

    public boolean isEmpty() {
        return ids.length == 0;
    }

    public long id(int rank) {
        return ids[rank];
    }

    public float score(int rank) {
        return scores[rank];
    }

    public long[] ids() {
        return ids.clone();
    }

    public float[] scores() {
        return scores.clone();
    }

    /** Which strategy answered; see {@link SearchPlan}. */
    public SearchStrategy strategy() {
        return strategy;
    }

    public List<ScoredId> toList() {
        List<ScoredId> list = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            list.add(new ScoredId(ids[i], scores[i]));
        }
        return list;
    }

    @Override
    public String toString() {
        return "SearchResult" + toList() + " via " + strategy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SearchResult other
                && Arrays.equals(ids, other.ids)
                && Arrays.equals(scores, other.scores);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + Arrays.hashCode(scores);
    }
}
