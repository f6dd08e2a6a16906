package io.recsys.sync.qdrant;

import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.VectorOutput;
import io.recsys.sync.bundle.BundleItems;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a collection that looks complete (right count, alias in place) still holds the
 * bundle's vectors: a sample of rows spread evenly over the bundle is read back and compared.
 */
public final class DriftCheck {

  private DriftCheck() {
  }

  /** Up to n row numbers spread evenly over 0..size-1, first and last included. */
  public static int[] sampleRows(int size, int n) {
    int count = Math.min(size, Math.max(0, n));
    int[] rows = new int[count];
    for (int i = 0; i < count; i++) {
      rows[i] = count == 1 ? 0 : (int) ((long) i * (size - 1) / (count - 1));
    }
    return rows;
  }

  /**
   * The first difference between the sampled rows and what Qdrant returned, or null when
   * every sampled point is present with the same vector (to float precision).
   */
  public static String firstDifference(BundleItems bundle, int[] rows, List<RetrievedPoint> points) {
    Map<Long, List<Float>> stored = new HashMap<>();
    for (RetrievedPoint p : points) {
      stored.put(p.getId().getNum(), vectorOf(p.getVectors().getVector()));
    }
    long[] ids = bundle.table().ids();
    for (int row : rows) {
      List<Float> actual = stored.get(ids[row]);
      if (actual == null) {
        return "point " + ids[row] + " is missing";
      }
      float[] expected = bundle.vector(row);
      if (actual.size() != expected.length) {
        return "point " + ids[row] + " has " + actual.size() + " dimensions, expected " + expected.length;
      }
      for (int d = 0; d < expected.length; d++) {
        if (Math.abs(actual.get(d) - expected[d]) > 1e-6f * Math.max(1f, Math.abs(expected[d]))) {
          return "point " + ids[row] + " differs at dimension " + d + ": " + actual.get(d)
              + " instead of " + expected[d];
        }
      }
    }
    return null;
  }

  // servers fill the newer dense field or the older data field
  private static List<Float> vectorOf(VectorOutput v) {
    return v.hasDense() ? v.getDense().getDataList() : v.getDataList();
  }
}
