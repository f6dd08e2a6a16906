package io.recsys.index;

import java.util.Objects;

/**
 * What an index is built from: ids and their vectors, row-major (vector i occupies
 * vectors[i*dimension .. (i+1)*dimension)). Checked on construction, not copied.
 */
public record VectorTable(long[] ids, float[] vectors, int dimension) {

    public VectorTable {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(vectors, "vectors");
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, got " + dimension);
        }
        if ((long) ids.length * dimension != vectors.length) {
            throw new IllegalArgumentException("wrong dimensions: " + ids.length + " ids x " + dimension
                    + " dimensions needs " + (long) ids.length * dimension + " floats, got " + vectors.length);
        }
    }

    /** From one array per vector; every row must have the same length. */
    public static VectorTable of(long[] ids, float[][] rows) {
        if (ids.length != rows.length) {
            throw new IllegalArgumentException("wrong dimensions: " + ids.length + " ids but " + rows.length + " vectors");
        }
        if (rows.length == 0) {
            throw new IllegalArgumentException("cannot infer the dimension of an empty table; use the constructor");
        }
        int dimension = rows[0].length;
        float[] flat = new float[rows.length * dimension];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != dimension) {
                throw new IllegalArgumentException("wrong dimensions: vector " + i + " (id " + ids[i] + ") has "
                        + rows[i].length + " dimensions, vector 0 has " + dimension);
            }
            System.arraycopy(rows[i], 0, flat, i * dimension, dimension);
        }
        return new VectorTable(ids, flat, dimension);
    }

    public int size() {
        return ids.length;
    }
}
