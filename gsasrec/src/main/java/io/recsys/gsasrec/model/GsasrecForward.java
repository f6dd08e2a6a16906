package io.recsys.gsasrec.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.recsys.gsasrec.GsasrecConfig;

/**
 * The complete forward pass, every position of every block, as the reference computes it;
 * training runs through here (with dropout and autograd), as do checks against the reference.
 */
public final class GsasrecForward {

    private final GsasrecParameters params;
    private final Layers layers;

    public GsasrecForward(GsasrecParameters params) {
        this.params = params;
        this.layers = new Layers(params);
    }

    /**
     * Hidden states after {@code seq_norm} for every position.
     *
     * @param ids [B, T] int64 ids, T ≤ L, left-padded with the padding id; a T-long input is
     *     treated as the last T positions of an L-long window
     * @param manager the per-call manager that will own every intermediate and the result
     * @return [B, T, d]
     */
    public NDArray hiddenStates(NDArray ids, NDManager manager, boolean training) {
        GsasrecConfig config = params.config();
        float dropout = (float) config.dropoutRate();
        NDArray mask = layers.realMask(ids);
        NDArray bias = Layers.keyBias(mask).add(Layers.causalBias(manager, ids.getShape().get(1)));
        NDArray h = Layers.dropout(layers.embed(ids, manager), dropout, training).mul(mask);
        for (int b = 0; b < config.numBlocks(); b++) {
            NDArray a = layers.layerNorm(h, ParameterNames.firstNorm(b));
            NDArray attended = layers.attention(
                    layers.linear(a, ParameterNames.query(b)),
                    layers.linear(h, ParameterNames.key(b)),
                    layers.linear(h, ParameterNames.value(b)),
                    bias, dropout, training);
            h = layers.feedForward(b, attended, a, dropout, training).mul(mask);
        }
        return layers.layerNorm(h, ParameterNames.SEQ_NORM);
    }
}
