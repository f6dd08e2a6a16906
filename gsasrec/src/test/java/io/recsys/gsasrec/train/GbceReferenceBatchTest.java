package io.recsys.gsasrec.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Embedding;
import ai.djl.ndarray.types.SparseFormat;
import io.recsys.gsasrec.GsasrecConfig;
import io.recsys.gsasrec.ReferenceFixtures;
import io.recsys.gsasrec.checkpoint.StateDict;
import io.recsys.gsasrec.checkpoint.TorchCheckpointReader;
import io.recsys.gsasrec.model.ArchitectureInference;
import io.recsys.gsasrec.model.GsasrecForward;
import io.recsys.gsasrec.model.GsasrecParameters;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gBCE loss of the fixture batch, computed exactly as the reference training loop does. */
class GbceReferenceBatchTest {

    @Test
    void lossOfTheReferenceBatchMatches() throws Exception {
        List<String> lines = ReferenceFixtures.lines("tiny-h1.gbce-batch.txt");
        String header = lines.get(0);
        int k = Integer.parseInt(field(header, "k"));
        double t = Double.parseDouble(field(header, "t"));
        double expectedBeta = Double.parseDouble(field(header, "beta"));
        double expectedLoss = Double.parseDouble(field(header, "loss"));
        List<int[]> positives = new ArrayList<>();
        List<int[][]> negatives = new ArrayList<>();
        boolean inNegatives = false;
        for (String line : lines.subList(1, lines.size())) {
            if (line.startsWith("#")) {
                inNegatives = line.contains("negatives");
                continue;
            }
            if (inNegatives) {
                String[] groups = line.trim().split(",");
                int[][] g = new int[groups.length][];
                for (int i = 0; i < groups.length; i++) {
                    g[i] = ReferenceFixtures.ints(groups[i]);
                }
                negatives.add(g);
            } else {
                positives.add(ReferenceFixtures.ints(line));
            }
        }
        StateDict weights = TorchCheckpointReader.read(ReferenceFixtures.file("tiny-h1.pt"));
        GsasrecConfig config = ArchitectureInference.infer(weights, 1, 0.5);
        int b = positives.size();
        int len = config.sequenceLength();
        assertThat(positives.get(0)).hasSize(len + 1);

        long[] input = new long[b * len];
        long[] labels = new long[b * len];
        long[] negIds = new long[b * len * k];
        for (int s = 0; s < b; s++) {
            for (int i = 0; i < len; i++) {
                input[s * len + i] = positives.get(s)[i];
                labels[s * len + i] = positives.get(s)[i + 1];
                int[] group = negatives.get(s)[i + 1]; // the reference drops the first group
                for (int j = 0; j < k; j++) {
                    negIds[(s * len + i) * k + j] = group[j];
                }
            }
        }
        GbceLoss gbce = new GbceLoss(k, config.numItems(), t);
        assertThat(gbce.beta()).isCloseTo(expectedBeta, org.assertj.core.data.Offset.offset(1e-9));
        try (GsasrecParameters params = GsasrecParameters.fromStateDict(config, weights);
             NDManager call = params.manager().newSubManager()) {
            NDArray ids = call.create(input, new Shape(b, len));
            NDArray hidden = new GsasrecForward(params).hiddenStates(ids, call, false);
            NDArray out = params.outputTable();
            NDArray labelEmb = Embedding.embedding(call.create(labels, new Shape(b, len)), out, SparseFormat.DENSE)
                    .singletonOrThrow();
            NDArray negEmb = Embedding.embedding(call.create(negIds, new Shape(b, len, k)), out, SparseFormat.DENSE)
                    .singletonOrThrow();
            NDArray pos = hidden.mul(labelEmb).sum(new int[] {2});
            NDArray neg = negEmb.matMul(hidden.expandDims(-1)).squeeze(-1);
            NDArray mask = ids.neq(config.paddingId()).toType(DataType.FLOAT32, false);
            double loss = gbce.loss(pos, neg, mask).getDouble();
            System.out.printf("gBCE loss %.12f, reference %.12f, relative error %.3g%n", loss, expectedLoss,
                    Math.abs(loss - expectedLoss) / expectedLoss);
            assertThat(Math.abs(loss - expectedLoss) / expectedLoss).isLessThan(1e-6);
        }
    }

    private static String field(String header, String name) {
        for (String part : header.replace("#", " ").trim().split("\\s+")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        throw new IllegalArgumentException("no " + name + " in " + header);
    }
}
