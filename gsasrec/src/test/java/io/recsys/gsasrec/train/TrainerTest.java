package io.recsys.gsasrec.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.gsasrec.bundle.ModelBundle;
import io.recsys.gsasrec.bundle.WeightsFile;
import io.recsys.gsasrec.checkpoint.FloatTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void makeData() throws Exception {
        data = SyntheticDataset.write(tmp.resolve("data"), 80, 24, 1);
    }

    static TrainConfig.Builder small(Path out) {
        return TrainConfig.builder(data, out)
                .sequenceLength(16).embeddingDim(16).numBlocks(1).numHeads(2).dropout(0.1)
                .embeddingInitScale(0.1).negatives(8).batchSize(16).stepsPerEpoch(6).maxEpochs(3)
                .learningRate(1e-2).validationUsers(24).seed(5).maxDuration(Duration.ofMinutes(5));
    }

    @Test
    void learnsThePatternAndKeepsTheBestModelAsABundle() throws Exception {
        Path out = tmp.resolve("learn");
        List<ProgressListener.StepProgress> steps = new ArrayList<>();
        List<ProgressListener.EpochProgress> epochs = new ArrayList<>();
        TrainResult result = Trainer.train(small(out).maxEpochs(6).build(), new ProgressListener() {
            @Override
            public void onStep(StepProgress p) {
                steps.add(p);
            }

            @Override
            public void onEpoch(EpochProgress p) {
                epochs.add(p);
            }
        });
        assertThat(steps).hasSize(36);
        assertThat(steps.get(35).step()).isEqualTo(36);
        assertThat(steps.get(0).stepsPerSecond()).isPositive();
        assertThat(epochs).hasSize(6);
        assertThat(result.stopReason()).isEqualTo("max-epochs");
        assertThat(result.best().ndcg10()).isGreaterThan(0.3); // random ranking gives about 0.1
        ModelBundle bundle = ModelBundle.load(out);
        assertThat(bundle.metrics().get("val_ndcg10")).isEqualTo(result.best().ndcg10());
        assertThat(bundle.config().numItems()).isEqualTo(SyntheticDataset.ITEMS);
        assertThat(bundle.manifest().training().dataHash()).hasSize(64);
    }

    @Test
    void theSameSeedGivesTheSameModelAndResumingChangesNothing() throws Exception {
        Path straight = tmp.resolve("straight");
        Trainer.train(small(straight).build(), ProgressListener.NONE);
        Path again = tmp.resolve("again");
        Trainer.train(small(again).build(), ProgressListener.NONE);
        Path resumed = tmp.resolve("resumed");
        Trainer.train(small(resumed).maxEpochs(1).build(), ProgressListener.NONE);
        // the schedule's total length is part of the run's identity only through maxEpochs, which
        // is not recorded, so extending a run is a resume
        TrainResult r = Trainer.train(small(resumed).build(), ProgressListener.NONE);
        assertThat(r.steps()).isEqualTo(18);

        byte[] a = Files.readAllBytes(ckpt(straight));
        assertThat(Files.readAllBytes(ckpt(again))).isEqualTo(a);
        assertThat(Files.readAllBytes(ckpt(resumed))).isEqualTo(a);
    }

    @Test
    void aCheckpointOfDifferentSettingsIsNotResumed() throws Exception {
        Path out = tmp.resolve("different");
        Trainer.train(small(out).maxEpochs(1).build(), ProgressListener.NONE);
        assertThatThrownBy(() -> Trainer.train(small(out).maxEpochs(2).negatives(4).build(), ProgressListener.NONE))
                .hasMessageContaining("different run");
        TrainResult fresh = Trainer.train(small(out).maxEpochs(1).negatives(4).resume(false).build(), ProgressListener.NONE);
        assertThat(fresh.steps()).isEqualTo(6);
    }

    @Test
    void fullSoftmaxTrainsToo() throws Exception {
        TrainResult r = Trainer.train(small(tmp.resolve("softmax")).loss(LossKind.SOFTMAX).maxEpochs(4).build(),
                ProgressListener.NONE);
        assertThat(r.best().ndcg10()).isGreaterThan(0.3);
    }

    @Test
    void weighingPositionsTrainsAndChangesTheUpdates() throws Exception {
        Path weighed = tmp.resolve("weighed");
        TrainResult r = Trainer.train(small(weighed).loss(LossKind.SOFTMAX).weighPositions(true).maxEpochs(4).build(),
                ProgressListener.NONE);
        assertThat(r.best().ndcg10()).isGreaterThan(0.3);
        assertThat(ModelBundle.load(weighed).manifest().training().config()).containsEntry("weigh_positions", true);
        Path plain = tmp.resolve("not-weighed");
        Trainer.train(small(plain).loss(LossKind.SOFTMAX).maxEpochs(4).build(), ProgressListener.NONE);
        assertThat(Files.readAllBytes(ckpt(weighed))).isNotEqualTo(Files.readAllBytes(ckpt(plain)));
    }

    @Test
    void aWeightAverageIsValidatedShippedAndResumedExactly() throws Exception {
        Path straight = tmp.resolve("averaged");
        TrainResult r = Trainer.train(small(straight).averageDecay(0.9).weightDecay(0.01).maxEpochs(4).build(),
                ProgressListener.NONE);
        assertThat(r.best().ndcg10()).isGreaterThan(0.3);
        assertThat(ModelBundle.load(straight).manifest().training().config()).containsEntry("average_decay", 0.9);

        Path resumed = tmp.resolve("averaged-resumed");
        Trainer.train(small(resumed).averageDecay(0.9).weightDecay(0.01).maxEpochs(2).build(), ProgressListener.NONE);
        Trainer.train(small(resumed).averageDecay(0.9).weightDecay(0.01).maxEpochs(4).build(), ProgressListener.NONE);
        for (String file : new String[] {"weights.bin", "average.bin"}) {
            assertThat(Files.readAllBytes(ckpt(resumed).resolveSibling(file)))
                    .isEqualTo(Files.readAllBytes(ckpt(straight).resolveSibling(file)));
        }
    }

    @Test
    void theBundleHoldsTheAverageNotTheLastWeights() throws Exception {
        Path out = tmp.resolve("averaged-once");
        Trainer.train(small(out).averageDecay(0.9).maxEpochs(1).build(), ProgressListener.NONE); // epoch 0 is the best
        Map<String, FloatTensor> average = new LinkedHashMap<>(WeightsFile.read(ckpt(out).resolveSibling("average.bin")).asMap());
        average.remove("updates");
        Map<String, FloatTensor> shipped = WeightsFile.read(out.resolve("weights.bin")).asMap();
        assertThat(shipped).isEqualTo(average);
        assertThat(shipped).isNotEqualTo(WeightsFile.read(ckpt(out)).asMap());
    }

    private static Path ckpt(Path out) {
        return out.resolveSibling(out.getFileName() + ".ckpt").resolve("latest/weights.bin");
    }
}
