package io.recsys.index.bench;

import java.util.Arrays;

/** Per-query latencies in nanoseconds, summarised by nearest-rank percentiles. */
final class LatencySample {

    private final long[] nanos;
    private int size;

    LatencySample(int capacity) {
        nanos = new long[capacity];
    }

    void add(long latencyNanos) {
        nanos[size++] = latencyNanos;
    }

    /** p in (0, 100]; milliseconds. */
    double percentileMillis(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size, rank) - 1)] / 1e6;
    }
}
