package io.recsys.gsasrec.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.training.GradientCollector;
import io.recsys.gsasrec.GsasrecConfig;
import io.recsys.gsasrec.model.GsasrecForward;
import io.recsys.gsasrec.model.GsasrecParameters;

import java.util.SplittableRandom;

/** One forward and backward pass over a batch; the gradients are left on the parameters. */
final class TrainingStep {

    private final GsasrecParameters params;
    private final GsasrecForward forward;
    private final GsasrecConfig config;
    private final LossKind kind;
    private final int negatives;
    private final GbceLoss gbce;
    private final double positionsPerBatch;

    /**
     * @param positionsPerBatch when positive, a batch's loss counts in proportion to its real
     *     positions over this mean, so that every position weighs the same whatever the length of
     *     its batch (the reference's unsorted batches); 0 gives every batch's mean the same weight
     */
    TrainingStep(GsasrecParameters params, LossKind kind, int negatives, double gbceT, double positionsPerBatch) {
        this.params = params;
        this.forward = new GsasrecForward(params);
        this.config = params.config();
        this.kind = kind;
        this.negatives = negatives;
        this.gbce = new GbceLoss(negatives, config.numItems(), gbceT, false);
        this.positionsPerBatch = positionsPerBatch;
    }

    /** Runs the batch and returns its loss (the mean over its real positions). */
    double run(BatchSampler.Batch batch, SplittableRandom random) {
        try (NDManager step = params.manager().newSubManager();
             GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            Shape shape = new Shape(batch.rows(), batch.length());
            NDArray ids = step.create(batch.input(), shape);
            NDArray labels = step.create(batch.labels(), shape);
            NDArray hidden = forward.hiddenStates(ids, step, true);
            NDArray loss = kind == LossKind.GBCE
                    ? gbceLoss(hidden, ids, labels, step, random)
                    : softmaxLoss(hidden, batch, step);
            collector.backward(positionsPerBatch > 0
                    ? loss.mul(batch.realPositions() / positionsPerBatch) : loss);
            return loss.getDataType() == DataType.FLOAT64 ? loss.getDouble() : loss.getFloat();
        }
    }

    /**
     * gBCE with one set of k negatives shared by the whole batch: their logits are a single
     * [B·T, d] × [d, k] product instead of the reference's [B, T, k, d] gather.
     */
    private NDArray gbceLoss(NDArray hidden, NDArray ids, NDArray labels, NDManager step, SplittableRandom random) {
        NDArray table = params.outputTable();
        long[] negIds = new long[negatives];
        for (int i = 0; i < negIds.length; i++) {
            negIds[i] = 1 + random.nextInt(config.numItems());
        }
        NDArray positiveEmb = Embedding.embedding(labels, table, SparseFormat.DENSE).singletonOrThrow();
        NDArray negativeEmb = Embedding.embedding(step.create(negIds), table, SparseFormat.DENSE).singletonOrThrow();
        NDArray positive = hidden.mul(positiveEmb).sum(new int[] {2});
        NDArray negative = hidden.matMul(negativeEmb.transpose());
        NDArray mask = ids.neq(config.paddingId()).toType(DataType.FLOAT32, false);
        return gbce.loss(positive, negative, mask);
    }

    /** Cross-entropy over all N items at every real position. */
    private NDArray softmaxLoss(NDArray hidden, BatchSampler.Batch batch, NDManager step) {
        long[] positions = new long[batch.realPositions()];
        long[] targets = new long[batch.realPositions()];
        int j = 0;
        for (int i = 0; i < batch.input().length; i++) {
            if (batch.input()[i] != config.paddingId()) {
                positions[j] = i;
                targets[j++] = batch.labels()[i] - 1; // column of item id in the 1..N slice
            }
        }
        NDArray flat = hidden.reshape(-1, config.embeddingDim());
        NDArray real = Embedding.embedding(step.create(positions), flat, SparseFormat.DENSE).singletonOrThrow();
        NDArray items = params.outputTable().get(step, new NDIndex("1:{}", config.numItems() + 1));
        NDArray logProbs = real.matMul(items.transpose()).logSoftmax(1);
        NDArray picked = logProbs.gather(step.create(targets, new Shape(targets.length, 1)), 1);
        return picked.mean().neg();
    }
}
