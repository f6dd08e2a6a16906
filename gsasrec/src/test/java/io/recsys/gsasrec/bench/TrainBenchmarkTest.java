package io.recsys.gsasrec.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainBenchmarkTest {

    @Test
    void readsMinutesToEachThresholdFromATrainingLog(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("training.log");
        Files.write(log, List.of(
                "epoch 0 step 50/100 loss 7.1 (avg 7.2) lr 0.001 1.3 steps/s ETA 0:10:00",
                "epoch 0 done: loss 7.0, validation NDCG@10 0.1000, Recall@1 0.01, Recall@10 0.2 over 512 users (best so far), elapsed 0:03:00",
                "epoch 1 done: loss 6.0, validation NDCG@10 0.1550, Recall@1 0.01, Recall@10 0.2 over 512 users (best so far), elapsed 0:06:00",
                "epoch 2 done: loss 5.9, validation NDCG@10 0.1500, Recall@1 0.01, Recall@10 0.2 over 512 users, elapsed 0:09:00",
                "epoch 3 done: loss 5.8, validation NDCG@10 0.1810, Recall@1 0.01, Recall@10 0.2 over 512 users (best so far), elapsed 1:00:30"));

        Map<String, Object> result = TrainBenchmark.convergence(log);

        assertThat(result.get("minutes_to_ndcg_0_15")).isEqualTo(6.0);
        assertThat(result.get("minutes_to_ndcg_0_18")).isEqualTo(60.5);
        assertThat(result.get("minutes_to_ndcg_0_19")).isNull();
        assertThat(result.get("best_val_ndcg10")).isEqualTo(0.181);
    }

    @Test
    void aMissingLogGivesNulls() throws Exception {
        Map<String, Object> result = TrainBenchmark.convergence(Path.of("no-such.log"));
        assertThat(result.get("minutes_to_ndcg_0_15")).isNull();
        assertThat(result.get("best_val_ndcg10")).isNull();
    }
}
