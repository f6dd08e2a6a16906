package io.recsys.gsasrec.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.gsasrec.GsasrecEncoder;
import io.recsys.gsasrec.ReferenceFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncodeBenchmarkTest {

    @Test
    void reportsThroughputAndLatency() throws Exception {
        List<int[]> histories = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            histories.addAll(ReferenceFixtures.inputs());
        }
        try (GsasrecEncoder encoder = GsasrecEncoder.fromTorchCheckpoint(ReferenceFixtures.file("tiny-h1.pt"), 1)) {
            Map<String, Object> result = EncodeBenchmark.run(encoder, histories, 2, 50, 1);
            assertThat(result).containsKeys("embeddings_per_s", "single_p50_ms", "single_p99_ms");
            assertThat(result.get("histories")).isEqualTo(200);
            assertThat((Double) result.get("embeddings_per_s")).isPositive();
            assertThat((Double) result.get("single_p99_ms")).isGreaterThanOrEqualTo((Double) result.get("single_p50_ms"));
        }
    }
}
