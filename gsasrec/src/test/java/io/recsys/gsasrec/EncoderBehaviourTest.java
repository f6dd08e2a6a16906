package io.recsys.gsasrec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.recsys.gsasrec.checkpoint.StateDict;
import io.recsys.gsasrec.model.GsasrecForward;
import io.recsys.gsasrec.model.GsasrecParameters;
import io.recsys.gsasrec.model.ParameterNames;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class EncoderBehaviourTest {

    private static final GsasrecConfig CONFIG = new GsasrecConfig(40, 12, 16, 2, 2, 0.0, false);
    private static final StateDict WEIGHTS = GsasrecParameters.randomStateDict(CONFIG, 7, 1.0);

    @Test
    void unknownIdsAreDroppedBeforeEncoding() {
        try (GsasrecEncoder encoder = GsasrecEncoder.create(CONFIG, WEIGHTS)) {
            float[] clean = encoder.encode(new int[] {3, 9, 27});
            float[] noisy = encoder.encode(new int[] {0, 3, 41, 9, -5, 27, 999});
            assertClose(noisy, clean, 0f);
            assertThat(encoder.window(new int[] {0, 3, 41, 9})).containsExactly(3, 9);
        }
    }

    @Test
    void anEmptyHistoryGetsTheAllPaddingEmbedding() {
        try (GsasrecEncoder encoder = GsasrecEncoder.create(CONFIG, WEIGHTS)) {
            float[] bias = WEIGHTS.get(ParameterNames.bias(ParameterNames.SEQ_NORM)).data();
            assertClose(encoder.encode(new int[0]), bias, 0f);
            assertClose(encoder.encode(new int[] {0, 41}), bias, 0f);
        }
    }

    @Test
    void encodingTheRealSuffixEqualsTheFullPaddedForward() {
        SplittableRandom random = new SplittableRandom(3);
        List<int[]> histories = new ArrayList<>();
        for (int len : new int[] {1, 2, 5, 11, 12, 13, 30}) {
            histories.add(random.ints(len, 1, CONFIG.numItems() + 1).toArray());
        }
        try (GsasrecEncoder encoder = GsasrecEncoder.create(CONFIG, WEIGHTS);
             GsasrecParameters params = GsasrecParameters.fromStateDict(CONFIG, WEIGHTS);
             NDManager call = params.manager().newSubManager()) {
            float[][] fast = encoder.encode(histories);
            int len = CONFIG.sequenceLength();
            int d = CONFIG.embeddingDim();
            for (int i = 0; i < histories.size(); i++) {
                int[] h = histories.get(i);
                long[] padded = new long[len];
                for (int c = 0; c < len; c++) {
                    int src = h.length - len + c;
                    padded[c] = src < 0 ? CONFIG.paddingId() : h[src];
                }
                float[] full = new GsasrecForward(params)
                        .hiddenStates(call.create(padded, new Shape(1, len)), call, false).toFloatArray();
                float[] lastRow = java.util.Arrays.copyOfRange(full, (len - 1) * d, len * d);
                assertClose(fast[i], lastRow, 1e-5f);
            }
        }
    }

    @Test
    void concurrentCallersGetTheSameAnswersAsOneCaller() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        List<int[]> histories = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            histories.add(random.ints(1 + random.nextInt(25), 1, CONFIG.numItems() + 1).toArray());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (GsasrecEncoder encoder = GsasrecEncoder.create(CONFIG, WEIGHTS)) {
            float[][] expected = encoder.encode(histories);
            List<Future<float[][]>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> encoder.encode(histories)));
            }
            for (Future<float[][]> f : results) {
                float[][] got = f.get();
                for (int i = 0; i < expected.length; i++) {
                    assertClose(got[i], expected[i], 1e-6f);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void itemEmbeddingsAreTheOutputTableWithoutIdZeroAndPadding() {
        try (GsasrecEncoder encoder = GsasrecEncoder.create(CONFIG, WEIGHTS)) {
            float[][] items = encoder.itemEmbeddings();
            assertThat(items.length).isEqualTo(CONFIG.numItems());
            assertClose(items[0], WEIGHTS.get(ParameterNames.OUTPUT_EMBEDDING).row(1), 0f);
            assertClose(items[39], WEIGHTS.get(ParameterNames.OUTPUT_EMBEDDING).row(40), 0f);
        }
    }

    @Test
    void aClosedEncoderRefusesWork() {
        GsasrecEncoder encoder = GsasrecEncoder.create(CONFIG, WEIGHTS);
        encoder.close();
        encoder.close(); // idempotent
        assertThatThrownBy(() -> encoder.encode(new int[] {1})).hasMessageContaining("closed");
    }

    static void assertClose(float[] actual, float[] expected, float tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], Offset.offset(tolerance));
        }
    }
}
