package io.recsys.gsasrec;

import java.util.Arrays;

/**
 * Scores items against a user embedding by dot product (not cosine), as gSASRec does, and ranks
 * them. Plain Java over a heap copy of the output table, so it needs no DJL.
 * Item ids are 1..N; row r of the table is item r + 1.
 */
public final class ItemScorer {

    private final float[] table;
    private final int items;
    private final int dim;

    /** @param itemEmbeddings rows 1..N of the output table (row r = item r + 1) */
    public ItemScorer(float[][] itemEmbeddings) {
        this.items = itemEmbeddings.length;
        this.dim = items == 0 ? 0 : itemEmbeddings[0].length;
        this.table = new float[items * dim];
        for (int r = 0; r < items; r++) {
            if (itemEmbeddings[r].length != dim) {
                throw new IllegalArgumentException("row " + r + " has " + itemEmbeddings[r].length + " values, not " + dim);
            }
            System.arraycopy(itemEmbeddings[r], 0, table, r * dim, dim);
        }
    }

    public int numItems() {
        return items;
    }

    public int dim() {
        return dim;
    }

    /** Scores of items 1..N at indices 0..N−1. */
    public float[] scores(float[] user) {
        if (user.length != dim) {
            throw new IllegalArgumentException("user embedding has " + user.length + " values, items have " + dim);
        }
        float[] out = new float[items];
        for (int r = 0; r < items; r++) {
            out[r] = dot(user, r * dim);
        }
        return out;
    }

    private float dot(float[] user, int offset) {
        // four accumulators let the JIT keep several FMAs in flight
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < dim; i += 4) {
            s0 += user[i] * table[offset + i];
            s1 += user[i + 1] * table[offset + i + 1];
            s2 += user[i + 2] * table[offset + i + 2];
            s3 += user[i + 3] * table[offset + i + 3];
        }
        for (; i < dim; i++) {
            s0 += user[i] * table[offset + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** The ids of the k best items, best first, excluding {@code seen} (ids outside 1..N are ignored). */
    public Recommendation topK(float[] user, int k, int[] seen) {
        float[] scores = scores(user);
        excludeSeen(scores, seen);
        return TopK.select(scores, k);
    }

    /**
     * 1-based rank of {@code target} among items not in {@code seen}: one plus the number of
     * unseen items scoring strictly higher.
     */
    public int rankOf(float[] user, int target, int[] seen) {
        if (target < 1 || target > items) {
            throw new IllegalArgumentException("target " + target + " is not an item id 1.." + items);
        }
        float[] scores = scores(user);
        excludeSeen(scores, seen);
        float t = scores[target - 1];
        if (Float.isNaN(t)) {
            // a broken model (NaN weights) must rank the target last, not first: no score is
            // greater than NaN, so the count below would say rank 1
            return items;
        }
        int rank = 1;
        for (int r = 0; r < items; r++) {
            if (scores[r] > t) {
                rank++;
            }
        }
        return rank;
    }

    private void excludeSeen(float[] scores, int[] seen) {
        for (int id : seen) {
            if (id >= 1 && id <= items) {
                scores[id - 1] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    /** Item ids and scores, best first. */
    public record Recommendation(int[] ids, float[] scores) {
        @Override
        public String toString() {
            return Arrays.toString(ids);
        }
    }
}
