package io.recsys.gsasrec.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

/**
 * The building blocks of gSASRec's forward pass, shared by the training forward and the
 * inference encoder. Every result is attached to the manager of the first (per-call) operand,
 * never to the parameters' manager, so closing the call's manager frees everything.
 */
final class Layers {

    /**
     * What stands in for −∞ in masks. A finite value keeps fully masked rows (padding queries
     * with no real key before them) free of NaN, which the reference removes after the fact;
     * real rows always see themselves, so for them exp(−1e30 − max) is exactly 0 either way.
     */
    static final float MASKED = -1e30f;

    static final float LAYER_NORM_EPS = 1e-5f;

    private final GsasrecParameters p;
    private final Shape normShape;

    Layers(GsasrecParameters p) {
        this.p = p;
        this.normShape = new Shape(p.config().embeddingDim());
    }

    NDArray linear(NDArray x, String module) {
        return Linear.linear(x, p.get(ParameterNames.weight(module)), p.get(ParameterNames.bias(module)))
                .singletonOrThrow();
    }

    NDArray layerNorm(NDArray x, String module) {
        return LayerNorm.layerNorm(x, normShape, p.get(ParameterNames.weight(module)),
                p.get(ParameterNames.bias(module)), LAYER_NORM_EPS).singletonOrThrow();
    }

    /**
     * Inverted dropout from a uniform draw: the same distribution as torch's dropout, but libtorch
     * draws uniforms about twice as fast as Bernoulli masks on CPU, and this is most of a
     * training step's non-matmul time.
     */
    static NDArray dropout(NDArray x, float rate, boolean training) {
        if (!training || rate == 0f) {
            return x;
        }
        NDArray keep = x.getManager().randomUniform(0f, 1f, x.getShape())
                .gte(rate).toType(DataType.FLOAT32, false).muli(1f / (1f - rate));
        return x.mul(keep);
    }

    /** item_emb[ids] + pos_emb[L−T .. L−1]: a T-long input is the real end of an L-long window. */
    NDArray embed(NDArray ids, NDManager manager) {
        long t = ids.getShape().get(1);
        int len = p.config().sequenceLength();
        NDArray items = ai.djl.nn.core.Embedding.embedding(ids, p.get(ParameterNames.ITEM_EMBEDDING),
                ai.djl.ndarray.types.SparseFormat.DENSE).singletonOrThrow();
        NDArray positions = p.get(ParameterNames.POSITION_EMBEDDING)
                .get(manager, new NDIndex("{}:{}", len - t, len));
        return items.add(positions);
    }

    /** [B, T, 1] float: 1 for real items, 0 for padding. */
    NDArray realMask(NDArray ids) {
        return ids.neq(p.config().paddingId()).toType(DataType.FLOAT32, false).expandDims(-1);
    }

    /** [B, 1, 1, T] additive bias that removes padding keys from every head and query. */
    static NDArray keyBias(NDArray realMask) {
        Shape s = realMask.getShape();
        return realMask.sub(1f).mul(-MASKED).reshape(s.get(0), 1, 1, s.get(1));
    }

    /** [T, T] additive bias: query i sees keys j ≤ i only. */
    static NDArray causalBias(NDManager manager, long t) {
        NDArray rows = manager.arange((int) t).reshape(t, 1);
        NDArray cols = manager.arange((int) t).reshape(1, t);
        return cols.gt(rows).toType(DataType.FLOAT32, false).mul(MASKED);
    }

    /** [B, T, d] → [B, H, T, d/H]; heads are contiguous chunks of d, as the reference splits them. */
    NDArray splitHeads(NDArray x) {
        int heads = p.config().numHeads();
        if (heads == 1) {
            return x.expandDims(1);
        }
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), heads, p.config().headDim()).transpose(0, 2, 1, 3);
    }

    /** [B, H, T, d/H] → [B, T, d], heads concatenated in order (there is no output projection). */
    NDArray mergeHeads(NDArray x) {
        Shape s = x.getShape();
        if (s.get(1) == 1) {
            return x.squeeze(1);
        }
        return x.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), p.config().embeddingDim());
    }

    /**
     * softmax(Q·Kᵀ/√(d/H) + bias)·V for [B, T, d] inputs; {@code bias} broadcasts to
     * [B, H, Tq, Tk].
     */
    NDArray attention(NDArray q, NDArray k, NDArray v, NDArray bias, float dropout, boolean training) {
        float scale = (float) (1.0 / Math.sqrt(p.config().headDim()));
        NDArray scores = splitHeads(q).mul(scale).matMul(splitHeads(k).transpose(0, 1, 3, 2)).add(bias);
        NDArray weights = dropout(scores.softmax(-1), dropout, training);
        return mergeHeads(weights.matMul(splitHeads(v)));
    }

    /** x = second_norm(out + a); y = dense2(dropout(relu(dense1(x)))); return dropout(y) + x. */
    NDArray feedForward(int block, NDArray attended, NDArray a, float dropout, boolean training) {
        NDArray x = layerNorm(attended.add(a), ParameterNames.secondNorm(block));
        NDArray hidden = dropout(Activation.relu(linear(x, ParameterNames.dense1(block))), dropout, training);
        NDArray y = dropout(linear(hidden, ParameterNames.dense2(block)), dropout, training);
        return y.add(x);
    }
}
