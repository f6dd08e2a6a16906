package io.recsys.sync.qdrant;

import static org.assertj.core.api.Assertions.assertThat;

import io.qdrant.client.PointIdFactory;
import io.qdrant.client.grpc.Points.DenseVector;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.VectorOutput;
import io.qdrant.client.grpc.Points.VectorsOutput;
import io.recsys.index.VectorTable;
import io.recsys.sync.bundle.BundleItems;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftCheckTest {

  private final BundleItems bundle = new BundleItems(Path.of("b"), "gsasrec-0123456789abcdef", "h",
      new VectorTable(new long[] {7, 8, 9}, new float[] {1, 2, 3, 4, 5, 6}, 2), "sha");

  private static RetrievedPoint point(long id, float... v) {
    return RetrievedPoint.newBuilder().setId(PointIdFactory.id(id))
        .setVectors(VectorsOutput.newBuilder().setVector(VectorOutput.newBuilder()
            .setDense(DenseVector.newBuilder().addAllData(asList(v))))).build();
  }

  private static List<Float> asList(float[] v) {
    Float[] boxed = new Float[v.length];
    for (int i = 0; i < v.length; i++) {
      boxed[i] = v[i];
    }
    return List.of(boxed);
  }

  @Test
  void samplesSpreadEvenlyIncludingBothEnds() {
    assertThat(DriftCheck.sampleRows(100, 5)).containsExactly(0, 24, 49, 74, 99);
    assertThat(DriftCheck.sampleRows(3, 32)).containsExactly(0, 1, 2);
    assertThat(DriftCheck.sampleRows(1, 5)).containsExactly(0);
    assertThat(DriftCheck.sampleRows(0, 5)).isEmpty();
  }

  @Test
  void findsMissingAndChangedPointsAndAcceptsIdenticalOnes() {
    int[] rows = {0, 2};
    assertThat(DriftCheck.firstDifference(bundle, rows, List.of(point(7, 1, 2), point(9, 5, 6))))
        .isNull();
    assertThat(DriftCheck.firstDifference(bundle, rows, List.of(point(7, 1, 2))))
        .isEqualTo("point 9 is missing");
    assertThat(DriftCheck.firstDifference(bundle, rows, List.of(point(7, 1, 2), point(9, 5, 6.5f))))
        .contains("point 9 differs at dimension 1");
  }
}
