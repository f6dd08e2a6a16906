package io.recsys.index.bench;

import java.util.SplittableRandom;

/**
 * The synthetic table of the benchmark and the contract tests: centres drawn from N(0, I);
 * each vector is a random centre plus 0.5 x N(0, I), then L2-normalised. Clustered like item
 * embeddings are, which is what makes approximate indexes work (and what makes them miss).
 * Deterministic for a seed; queries come from the same centres with their own draws.
 */
public final class SyntheticVectors {

    public static final int DEFAULT_CENTRES = 1000;
    public static final float NOISE = 0.5f;

    private final int dimension;
    private final float[] centres;
    private final int centreCount;
    private final SplittableRandom random;

    private SyntheticVectors(int dimension, int centreCount, long seed) {
        this.dimension = dimension;
        this.centreCount = centreCount;
        this.random = new SplittableRandom(seed);
        this.centres = new float[centreCount * dimension];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) random.nextGaussian();
        }
    }

    public static SyntheticVectors clustered(int dimension, int centres, long seed) {
        if (dimension <= 0 || centres <= 0) {
            throw new IllegalArgumentException("dimension and centres must be positive");
        }
        return new SyntheticVectors(dimension, centres, seed);
    }

    public static SyntheticVectors clustered(int dimension, long seed) {
        return clustered(dimension, DEFAULT_CENTRES, seed);
    }

    public int dimension() {
        return dimension;
    }

    /** n vectors, row-major; successive calls continue the same random stream. */
    public float[] next(int n) {
        float[] out = new float[Math.multiplyExact(n, dimension)];
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(centreCount) * dimension;
            int o = i * dimension;
            double norm = 0;
            for (int d = 0; d < dimension; d++) {
                float v = centres[c + d] + NOISE * (float) random.nextGaussian();
                out[o + d] = v;
                norm += (double) v * v;
            }
            normalise(out, o, dimension, norm);
        }
        return out;
    }

    /** n vectors uniform on the unit sphere (the stand-in for ML-1M item embeddings). */
    public static float[] randomUnit(int n, int dimension, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] out = new float[Math.multiplyExact(n, dimension)];
        for (int i = 0; i < n; i++) {
            int o = i * dimension;
            double norm = 0;
            for (int d = 0; d < dimension; d++) {
                float v = (float) random.nextGaussian();
                out[o + d] = v;
                norm += (double) v * v;
            }
            normalise(out, o, dimension, norm);
        }
        return out;
    }

    private static void normalise(float[] v, int offset, int dimension, double squaredNorm) {
        float inv = squaredNorm > 0 ? (float) (1.0 / Math.sqrt(squaredNorm)) : 0f;
        for (int d = 0; d < dimension; d++) {
            v[offset + d] *= inv;
        }
    }
}
