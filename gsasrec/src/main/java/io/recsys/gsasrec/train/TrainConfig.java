package io.recsys.gsasrec.train;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a training run needs. Defaults are the reference's ML-1M configuration; the
 * schedule fields (warm-up, decay, time budget) are ours.
 *
 * @param dataset directory in SASRec layout: train/input.txt, val/input.txt, val/output.txt and
 *     optionally dataset_stats.json and sas_to_original_items.txt
 * @param output where the best model's bundle is written
 * @param checkpoints where resumable state is kept (null: {@code output} + ".ckpt")
 */
public record TrainConfig(
        Path dataset, Path output, Path checkpoints,
        int sequenceLength, int embeddingDim, int numBlocks, int numHeads, double dropout,
        boolean reuseItemEmbeddings, double embeddingInitScale,
        LossKind loss, int negatives, double gbceT,
        int batchSize, double earlierWindowShare, boolean weighPositions, int stepsPerEpoch, int maxEpochs, int patienceEpochs, Duration maxDuration,
        double learningRate, int warmupSteps, long decaySteps, double minLearningRateFactor,
        double clipNorm, double weightDecay, double averageDecay, int validationUsers, long seed, boolean resume) {

    public TrainConfig {
        if (batchSize < 1 || stepsPerEpoch < 1 || maxEpochs < 1 || negatives < 1) {
            throw new IllegalArgumentException("batch size, steps per epoch, epochs and negatives must be positive");
        }
        if (learningRate <= 0) {
            throw new IllegalArgumentException("learning rate must be positive");
        }
        if (clipNorm < 0 || Double.isNaN(clipNorm)) {
            throw new IllegalArgumentException("gradient clip norm must be 0 (off) or positive, got " + clipNorm);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay must be 0 (off) or positive, got " + weightDecay);
        }
        if (!(averageDecay >= 0 && averageDecay < 1)) {
            throw new IllegalArgumentException("weight-average decay must be 0 (off) or in (0, 1), got " + averageDecay);
        }
    }

    public static Builder builder(Path dataset, Path output) {
        return new Builder(dataset, output);
    }

    public Path checkpointDir() {
        return checkpoints != null ? checkpoints : output.resolveSibling(output.getFileName() + ".ckpt");
    }

    /** Whether validation and the bundle use a moving average of the weights instead of the weights. */
    public boolean averagesWeights() {
        return averageDecay > 0;
    }

    /** The settings that shape the result, for the bundle manifest and to refuse resuming a different run. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sequence_length", sequenceLength);
        m.put("embedding_dim", embeddingDim);
        m.put("num_blocks", numBlocks);
        m.put("num_heads", numHeads);
        m.put("dropout", dropout);
        m.put("reuse_item_embeddings", reuseItemEmbeddings);
        m.put("embedding_init_scale", embeddingInitScale);
        m.put("loss", loss.name().toLowerCase());
        m.put("negatives", negatives);
        m.put("gbce_t", gbceT);
        m.put("batch_size", batchSize);
        m.put("earlier_window_share", earlierWindowShare);
        m.put("weigh_positions", weighPositions);
        m.put("steps_per_epoch", stepsPerEpoch);
        m.put("learning_rate", learningRate);
        m.put("warmup_steps", warmupSteps);
        m.put("decay_steps", decaySteps);
        m.put("min_learning_rate_factor", minLearningRateFactor);
        m.put("clip_norm", clipNorm);
        m.put("weight_decay", weightDecay);
        m.put("average_decay", averageDecay);
        m.put("validation_users", validationUsers);
        m.put("seed", seed);
        return m;
    }

    /** Fluent construction with reference defaults. */
    public static final class Builder {
        private final Path dataset;
        private final Path output;
        private Path checkpoints;
        private int sequenceLength = 200;
        private int embeddingDim = 128;
        private int numBlocks = 2;
        private int numHeads = 1;
        private double dropout = 0.5;
        private boolean reuseItemEmbeddings = false;
        private double embeddingInitScale = 1.0;
        private LossKind loss = LossKind.GBCE;
        private int negatives = 256;
        private double gbceT = 0.75;
        private int batchSize = 128;
        private double earlierWindowShare = 0;
        private boolean weighPositions = false;
        private int stepsPerEpoch = 100;
        private int maxEpochs = 100_000;
        private int patienceEpochs = 200;
        private Duration maxDuration = Duration.ofHours(2);
        private double learningRate = 1e-3;
        private int warmupSteps = 0;
        private long decaySteps = 0;
        private double minLearningRateFactor = 0.1;
        private double clipNorm = 0;
        private double weightDecay = 0;
        private double averageDecay = 0;
        private int validationUsers = 512;
        private long seed = 42;
        private boolean resume = true;

        private Builder(Path dataset, Path output) {
            this.dataset = dataset;
            this.output = output;
        }

        public Builder checkpoints(Path v) { checkpoints = v; return this; }
        public Builder sequenceLength(int v) { sequenceLength = v; return this; }
        public Builder embeddingDim(int v) { embeddingDim = v; return this; }
        public Builder numBlocks(int v) { numBlocks = v; return this; }
        public Builder numHeads(int v) { numHeads = v; return this; }
        public Builder dropout(double v) { dropout = v; return this; }
        public Builder reuseItemEmbeddings(boolean v) { reuseItemEmbeddings = v; return this; }
        public Builder embeddingInitScale(double v) { embeddingInitScale = v; return this; }
        public Builder loss(LossKind v) { loss = v; return this; }
        public Builder negatives(int v) { negatives = v; return this; }
        public Builder gbceT(double v) { gbceT = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        /** Share of the passes in which a long history gives an earlier window of L+1 items; 0: always the last. */
        public Builder earlierWindowShare(double v) { earlierWindowShare = v; return this; }
        /** Whether every real position weighs the same whatever its batch's length; false: every batch's mean. */
        public Builder weighPositions(boolean v) { weighPositions = v; return this; }
        public Builder stepsPerEpoch(int v) { stepsPerEpoch = v; return this; }
        public Builder maxEpochs(int v) { maxEpochs = v; return this; }
        public Builder patienceEpochs(int v) { patienceEpochs = v; return this; }
        public Builder maxDuration(Duration v) { maxDuration = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder warmupSteps(int v) { warmupSteps = v; return this; }
        /** Cosine decay to {@code minLearningRateFactor} × lr over this many steps after warm-up; 0 keeps lr constant. */
        public Builder decaySteps(long v) { decaySteps = v; return this; }
        public Builder minLearningRateFactor(double v) { minLearningRateFactor = v; return this; }
        /** Scales the gradients down when their global L2 norm exceeds this; 0 never clips. */
        public Builder clipNorm(double v) { clipNorm = v; return this; }
        /** Decoupled (AdamW) weight decay per unit of learning rate; 0 is plain Adam. */
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        /** Decay of the exponential moving average of the weights that is validated and shipped; 0: none. */
        public Builder averageDecay(double v) { averageDecay = v; return this; }
        public Builder validationUsers(int v) { validationUsers = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder resume(boolean v) { resume = v; return this; }

        public TrainConfig build() {
            return new TrainConfig(dataset, output, checkpoints, sequenceLength, embeddingDim, numBlocks, numHeads,
                    dropout, reuseItemEmbeddings, embeddingInitScale, loss, negatives, gbceT, batchSize,
                    earlierWindowShare, weighPositions, stepsPerEpoch, maxEpochs, patienceEpochs, maxDuration, learningRate, warmupSteps, decaySteps,
                    minLearningRateFactor, clipNorm, weightDecay, averageDecay, validationUsers, seed, resume);
        }
    }
}
