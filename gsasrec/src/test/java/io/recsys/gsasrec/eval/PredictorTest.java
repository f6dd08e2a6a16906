package io.recsys.gsasrec.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.gsasrec.GsasrecEncoder;
import io.recsys.gsasrec.ReferenceFixtures;
import io.recsys.gsasrec.SasrecFiles;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictorTest {

    @Test
    void writesTheReferenceTopTenPerLine() throws Exception {
        List<ReferenceFixtures.TopK> expected = ReferenceFixtures.topK("tiny-h2-reuse.top10.txt");
        try (GsasrecEncoder encoder = GsasrecEncoder.fromTorchCheckpoint(ReferenceFixtures.file("tiny-h2-reuse.pt"), 2)) {
            StringWriter out = new StringWriter();
            long lines = new Predictor(encoder).predict(ReferenceFixtures.file("inputs.txt"), out, 10);
            String[] written = out.toString().split("\n");
            assertThat(lines).isEqualTo(expected.size());
            assertThat(written).hasSize(expected.size());
            for (int i = 0; i < written.length; i++) {
                assertThat(written[i]).isEqualTo(SasrecFiles.join(expected.get(i).ids()));
            }
        }
    }

    @Test
    void neverRecommendsSeenItems() throws Exception {
        try (GsasrecEncoder encoder = GsasrecEncoder.fromTorchCheckpoint(ReferenceFixtures.file("tiny-h1.pt"), 1)) {
            int[] history = java.util.stream.IntStream.rangeClosed(1, 95).toArray();
            int[] recs = new Predictor(encoder).predict(List.of(history), 10).get(0);
            assertThat(recs).containsExactlyInAnyOrder(96, 97, 98, 99, 100);
        }
    }
}
