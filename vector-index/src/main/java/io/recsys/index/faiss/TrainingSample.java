package io.recsys.index.faiss;

import io.recsys.index.VectorTable;

import java.util.SplittableRandom;

/**
 * The rows IVF's k-means trains on: 64 per list is plenty for the centroids and keeps
 * training to seconds on a million vectors. Drawn without replacement, reproducibly.
 */
record TrainingSample(float[] vectors, int count) {

    static final int POINTS_PER_LIST = 64;

    static TrainingSample draw(VectorTable table, int nlist, long seed) {
        int n = table.size();
        int dim = table.dimension();
        if (n == 0) {
            // k-means needs a point; an empty IVF index is still a valid (empty) index
            return new TrainingSample(new float[dim], 1);
        }
        int wanted = (int) Math.min(n, (long) nlist * POINTS_PER_LIST);
        if (wanted == n) {
            return new TrainingSample(table.vectors(), n);
        }
        // partial Fisher-Yates over row numbers
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] sample = new float[wanted * dim];
        for (int i = 0; i < wanted; i++) {
            int j = i + random.nextInt(n - i);
            int row = rows[j];
            rows[j] = rows[i];
            rows[i] = row;
            System.arraycopy(table.vectors(), row * dim, sample, i * dim, dim);
        }
        return new TrainingSample(sample, wanted);
    }
}
