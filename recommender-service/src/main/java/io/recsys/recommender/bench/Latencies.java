package io.recsys.recommender.bench;

import java.util.Arrays;

/** Latencies in milliseconds, kept exactly (a benchmark records at most a few million). */
public final class Latencies {

  private double[] values = new double[1024];
  private int size;

  synchronized void add(double millis) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = millis;
  }

  synchronized int count() {
    return size;
  }

  /** The p-quantile (0..1) by nearest rank, or NaN when empty. */
  synchronized double percentile(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    double[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p * size);
    return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
  }

  /** Three decimals, as every benchmark reports its figures. */
  public static double round(double v) {
    return Double.isNaN(v) ? v : Math.round(v * 1000) / 1000.0;
  }
}
