package io.recsys.gsasrec.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.gsasrec.GsasrecEncoder;
import io.recsys.gsasrec.ReferenceFixtures;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    @Test
    void metricsFromKnownRanks() {
        Evaluator.Result r = Evaluator.fromRanks(new int[] {1, 2, 10, 11});
        double log2of3 = Math.log(3) / Math.log(2);
        double log2of11 = Math.log(11) / Math.log(2);
        assertThat(r.ndcg10()).isCloseTo((1 + 1 / log2of3 + 1 / log2of11) / 4, Offset.offset(1e-12));
        assertThat(r.recall1()).isEqualTo(0.25);
        assertThat(r.recall10()).isEqualTo(0.75);
        assertThat(r.meanRank()).isEqualTo(6.0);
    }

    @Test
    void ranksOfTheReferenceTopTenAreOneToTen() throws Exception {
        List<int[]> inputs = ReferenceFixtures.inputs();
        List<ReferenceFixtures.TopK> top = ReferenceFixtures.topK("tiny-h1.top10.txt");
        try (GsasrecEncoder encoder = GsasrecEncoder.fromTorchCheckpoint(ReferenceFixtures.file("tiny-h1.pt"), 1)) {
            for (int position = 0; position < 10; position += 3) {
                int[] targets = new int[inputs.size()];
                for (int i = 0; i < targets.length; i++) {
                    targets[i] = top.get(i).ids()[position];
                }
                Evaluator.Result r = Evaluator.evaluate(encoder, inputs, targets);
                assertThat(r.meanRank()).isEqualTo(position + 1.0);
                assertThat(r.recall1()).isEqualTo(position == 0 ? 1.0 : 0.0);
                assertThat(r.recall10()).isEqualTo(1.0);
                assertThat(r.ndcg10()).isCloseTo(Evaluator.ndcgAt10(position + 1), Offset.offset(1e-12));
            }
        }
    }

    @Test
    void aSeenTargetCountsAsAMiss() throws Exception {
        try (GsasrecEncoder encoder = GsasrecEncoder.fromTorchCheckpoint(ReferenceFixtures.file("tiny-h1.pt"), 1)) {
            Evaluator.Result r = Evaluator.evaluate(encoder, List.of(new int[] {5, 6, 7}), new int[] {6});
            assertThat(r.ndcg10()).isZero();
            assertThat(r.meanRank()).isEqualTo(98.0); // below all 97 unseen items
        }
    }
}
