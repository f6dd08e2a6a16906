package io.recsys.gsasrec.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.recsys.gsasrec.GsasrecConfig;
import io.recsys.gsasrec.ReferenceFixtures;
import io.recsys.gsasrec.checkpoint.StateDict;
import io.recsys.gsasrec.checkpoint.TorchCheckpointReader;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FullForwardConformanceTest {

    @ParameterizedTest
    @CsvSource({"tiny-h1, 1", "tiny-h2-reuse, 2"})
    void fullSequenceHiddenStatesMatchTheReference(String model, int heads) throws Exception {
        StateDict weights = TorchCheckpointReader.read(ReferenceFixtures.file(model + ".pt"));
        GsasrecConfig config = ArchitectureInference.infer(weights, heads, 0.5);
        int[] history = ReferenceFixtures.inputs().get(3);
        List<float[]> expected = ReferenceFixtures.floatRows(model + ".hidden-seq3.txt");
        long[] padded = new long[config.sequenceLength()];
        int pad = padded.length - history.length;
        for (int i = 0; i < padded.length; i++) {
            padded[i] = i < pad ? config.paddingId() : history[i - pad];
        }
        try (GsasrecParameters params = GsasrecParameters.fromStateDict(config, weights);
             NDManager call = params.manager().newSubManager()) {
            NDArray ids = call.create(padded, new Shape(1, padded.length));
            float[] hidden = new GsasrecForward(params).hiddenStates(ids, call, false).toFloatArray();
            double maxErr = 0;
            int d = config.embeddingDim();
            assertThat(expected).hasSize(config.sequenceLength());
            for (int r = 0; r < expected.size(); r++) {
                for (int c = 0; c < d; c++) {
                    maxErr = Math.max(maxErr, Math.abs(hidden[r * d + c] - expected.get(r)[c]));
                }
            }
            System.out.printf("%s hidden-seq3 max abs error %.3g%n", model, maxErr);
            assertThat(maxErr).isLessThan(1e-4);
        }
    }
}
