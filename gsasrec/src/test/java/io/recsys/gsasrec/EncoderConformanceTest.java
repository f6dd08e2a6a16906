package io.recsys.gsasrec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The batched, last-row-only encoder against the reference's outputs. */
class EncoderConformanceTest {

    @ParameterizedTest
    @CsvSource({"tiny-h1, 1", "tiny-h2-reuse, 2"})
    void userEmbeddingsMatchTheReference(String model, int heads) throws Exception {
        List<float[]> expected = ReferenceFixtures.floatRows(model + ".embeddings.txt");
        try (GsasrecEncoder encoder = GsasrecEncoder.fromTorchCheckpoint(ReferenceFixtures.file(model + ".pt"), heads)) {
            float[][] actual = encoder.encode(ReferenceFixtures.inputs());
            double maxErr = maxAbsDiff(actual, expected);
            System.out.printf("%s embeddings max abs error %.3g%n", model, maxErr);
            assertThat(maxErr).isLessThan(1e-4);
        }
    }

    @ParameterizedTest
    @CsvSource({"tiny-h1, 1", "tiny-h2-reuse, 2"})
    void oneAtATimeEqualsBatched(String model, int heads) throws Exception {
        try (GsasrecEncoder encoder = GsasrecEncoder.fromTorchCheckpoint(ReferenceFixtures.file(model + ".pt"), heads)) {
            List<int[]> inputs = ReferenceFixtures.inputs();
            float[][] batched = encoder.encode(inputs);
            for (int i = 0; i < inputs.size(); i++) {
                float[] single = encoder.encode(inputs.get(i));
                for (int c = 0; c < single.length; c++) {
                    assertThat(single[c]).isCloseTo(batched[i][c], org.assertj.core.data.Offset.offset(1e-5f));
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"tiny-h1, 1", "tiny-h2-reuse, 2"})
    void topTenIdsAndScoresMatchTheReference(String model, int heads) throws Exception {
        List<ReferenceFixtures.TopK> expected = ReferenceFixtures.topK(model + ".top10.txt");
        Path pt = ReferenceFixtures.file(model + ".pt");
        try (GsasrecEncoder encoder = GsasrecEncoder.fromTorchCheckpoint(pt, heads)) {
            List<ItemScorer.Recommendation> actual = encoder.recommend(ReferenceFixtures.inputs(), 10);
            double maxErr = 0;
            for (int i = 0; i < expected.size(); i++) {
                assertThat(actual.get(i).ids()).as("line %d", i).containsExactly(expected.get(i).ids());
                for (int j = 0; j < 10; j++) {
                    maxErr = Math.max(maxErr, Math.abs(actual.get(i).scores()[j] - expected.get(i).scores()[j]));
                }
            }
            System.out.printf("%s top10 score max abs error %.3g%n", model, maxErr);
            assertThat(maxErr).isLessThan(1e-4);
        }
    }

    static double maxAbsDiff(float[][] actual, List<float[]> expected) {
        assertThat(actual.length).isEqualTo(expected.size());
        double max = 0;
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).hasSameSizeAs(expected.get(i));
            for (int c = 0; c < actual[i].length; c++) {
                max = Math.max(max, Math.abs(actual[i][c] - expected.get(i)[c]));
            }
        }
        return max;
    }
}
