package io.recsys.gsasrec.checkpoint;

import java.util.Arrays;

/**
 * A dense row-major float32 tensor held on the Java heap: the unit in which weights move
 * between checkpoint files, bundles and the DJL model.
 */
public record FloatTensor(long[] shape, float[] data) {

    public FloatTensor {
        long n = 1;
        for (long s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n *= s;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int axis) {
        return shape[axis];
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }

    /** Row {@code r} of a 2-D tensor, copied. */
    public float[] row(int r) {
        if (shape.length != 2) {
            throw new IllegalStateException("row() needs a 2-D tensor, shape is " + shapeString());
        }
        int cols = (int) shape[1];
        return Arrays.copyOfRange(data, r * cols, (r + 1) * cols);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FloatTensor" + shapeString();
    }
}
