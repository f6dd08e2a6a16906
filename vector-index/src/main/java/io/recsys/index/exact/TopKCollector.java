package io.recsys.index.exact;

import java.util.Arrays;

/**
 * Keeps the k best (score, position) pairs in a sorted array. Insertion is linear, which for
 * the k of a recommender (10-100) beats a heap, and the rejection test for the vast majority
 * of candidates is one comparison against {@link #threshold()}. Equal scores keep the earlier
 * position first.
 */
final class TopKCollector {

    private final float[] scores;
    private final int[] positions;
    private int size;

    TopKCollector(int k) {
        scores = new float[k];
        positions = new int[k];
    }

    /** A candidate must score strictly above this to enter. */
    float threshold() {
        return size < scores.length ? Float.NEGATIVE_INFINITY : scores[size - 1];
    }

    void offer(float score, int position) {
        if (size == scores.length) {
            if (!(score > scores[size - 1])) {
                return;
            }
            size--;
        }
        int i = size;
        while (i > 0 && scores[i - 1] < score) {
            scores[i] = scores[i - 1];
            positions[i] = positions[i - 1];
            i--;
        }
        scores[i] = score;
        positions[i] = position;
        size++;
    }

    int size() {
        return size;
    }

    float[] scores() {
        return size == scores.length ? scores : Arrays.copyOf(scores, size);
    }

    int position(int rank) {
        return positions[rank];
    }
}
