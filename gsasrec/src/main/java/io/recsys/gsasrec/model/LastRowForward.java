package io.recsys.gsasrec.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import io.recsys.gsasrec.GsasrecConfig;

/**
 * Inference that computes only what the user embedding (the last row) depends on. Exact
 * rewrites of the reference forward that change float rounding only:
 * <ul>
 *   <li>The first block's keys and values are linear in h = item_emb[x] + pos_emb[i], so they
 *       are gathered from per-item and per-position tables computed once.</li>
 *   <li>The last block needs a query, attention and feed-forward for the last row only, and
 *       not even its keys and values: q·(W_k h + b_k) = (qW_k)·h + const, and a constant shift
 *       leaves softmax unchanged; Σ p_j (W_v h_j + b_v) = W_v (Σ p_j h_j) + b_v since Σ p_j = 1.
 *       So the last block costs O(T·d) per sequence instead of O(T·d²).</li>
 *   <li>Padding rows are never zeroed: every attention masks padding keys, so what padding rows
 *       hold cannot reach a real row.</li>
 *   <li>1/√(d/H) is folded into the query projections.</li>
 * </ul>
 * Thread-safe: parameters and derived tables are read-only; each call works on its own manager.
 */
public final class LastRowForward implements AutoCloseable {

    private final GsasrecConfig config;
    private final GsasrecParameters params;
    private final Layers layers;
    private final NDManager tables;
    private final NDArray[] queryWeight;
    private final NDArray[] queryBias;
    private final NDArray firstKeyItems;
    private final NDArray firstKeyPositions;
    private final NDArray firstValueItems;
    private final NDArray firstValuePositions;
    /** Last block: W_k as [d, d] for one head. */
    private final NDArray lastKey;
    /** Last block, per head: W_k rows of the head, [H, d/H, d]. */
    private final NDArray lastKeyByHead;
    /** Last block, per head: W_v rows of the head transposed, [H, d, d/H]. */
    private final NDArray lastValueByHead;
    /** Last block, per head: b_v of the head, [1, H, d/H]. */
    private final NDArray lastValueBiasByHead;

    public LastRowForward(GsasrecParameters params) {
        this.config = params.config();
        this.params = params;
        this.layers = new Layers(params);
        this.tables = params.manager().newSubManager();
        int blocks = config.numBlocks();
        int heads = config.numHeads();
        int d = config.embeddingDim();
        int dh = config.headDim();
        float scale = (float) (1.0 / Math.sqrt(dh));
        queryWeight = new NDArray[blocks];
        queryBias = new NDArray[blocks];
        for (int b = 0; b < blocks; b++) {
            queryWeight[b] = own(params.get(ParameterNames.weight(ParameterNames.query(b)))).muli(scale);
            queryBias[b] = own(params.get(ParameterNames.bias(ParameterNames.query(b)))).muli(scale);
        }
        NDArray items = own(params.get(ParameterNames.ITEM_EMBEDDING));
        NDArray positions = own(params.get(ParameterNames.POSITION_EMBEDDING));
        firstKeyItems = project(items, ParameterNames.key(0), false);
        firstKeyPositions = project(positions, ParameterNames.key(0), true);
        firstValueItems = project(items, ParameterNames.value(0), false);
        firstValuePositions = project(positions, ParameterNames.value(0), true);
        items.close();
        positions.close();
        int last = blocks - 1;
        lastKey = own(params.get(ParameterNames.weight(ParameterNames.key(last))));
        lastKeyByHead = own(params.get(ParameterNames.weight(ParameterNames.key(last)))).reshape(heads, dh, d);
        lastValueByHead = own(params.get(ParameterNames.weight(ParameterNames.value(last))))
                .reshape(heads, dh, d).transpose(0, 2, 1).duplicate();
        lastValueBiasByHead = own(params.get(ParameterNames.bias(ParameterNames.value(last)))).reshape(1, heads, dh);
    }

    private NDArray own(NDArray parameter) {
        NDArray copy = parameter.duplicate();
        copy.attach(tables);
        return copy;
    }

    private NDArray project(NDArray table, String module, boolean withBias) {
        return Linear.linear(table, params.get(ParameterNames.weight(module)),
                withBias ? params.get(ParameterNames.bias(module)) : null).singletonOrThrow();
    }

    /**
     * User embeddings of a batch.
     *
     * @param ids [B, T] int64, T ≤ L, left-padded with the padding id; every row's last id is real
     * @param padded whether any row has padding (if not, no key mask is needed)
     * @param manager the per-call manager that owns intermediates and the result
     * @return [B, d]
     */
    public NDArray encode(NDArray ids, boolean padded, NDManager manager) {
        long b = ids.getShape().get(0);
        long t = ids.getShape().get(1);
        int d = config.embeddingDim();
        // [B, 1, T]: broadcasts over query rows, and over heads once they are folded into rows
        NDArray keyBias = padded ? Layers.keyBias(layers.realMask(ids)).reshape(b, 1, t) : null;
        NDArray h = layers.embed(ids, manager); // [B, T, d]
        int last = config.numBlocks() - 1;
        if (last > 0) {
            NDArray causal = Layers.causalBias(manager, t);
            NDArray fullBias = keyBias == null ? causal : keyBias.add(causal); // [B, T, T] or [T, T]
            for (int blk = 0; blk < last; blk++) {
                NDArray flat = h.reshape(b * t, d);
                NDArray a = layers.layerNorm(flat, ParameterNames.firstNorm(blk));
                NDArray q = Linear.linear(a, queryWeight[blk], queryBias[blk]).singletonOrThrow();
                NDArray k = blk == 0 ? gather(ids, firstKeyItems, firstKeyPositions, manager)
                        : layers.linear(flat, ParameterNames.key(blk)).reshape(b, t, d);
                NDArray v = blk == 0 ? gather(ids, firstValueItems, firstValuePositions, manager)
                        : layers.linear(flat, ParameterNames.value(blk)).reshape(b, t, d);
                NDArray attended = SPLIT && t >= SPLIT_MIN && config.numHeads() == 1
                        ? attendCausalInHalves(q.reshape(b, t, d), k, v, fullBias, t)
                        : attend(q.reshape(b, t, d), k, v, fullBias);
                h = feedForward(blk, attended.reshape(b * t, d), a).reshape(b, t, d);
            }
        }
        NDArray lastRow = h.get(new NDIndex(":, {}:, :", t - 1)).reshape(b, d);
        NDArray a = layers.layerNorm(lastRow, ParameterNames.firstNorm(last));
        NDArray q = Linear.linear(a, queryWeight[last], queryBias[last]).singletonOrThrow();
        NDArray attended = last == 0
                ? attend(q.reshape(b, 1, d), gather(ids, firstKeyItems, firstKeyPositions, manager),
                        gather(ids, firstValueItems, firstValuePositions, manager), keyBias).reshape(b, d)
                : attendThroughProjections(q, h, keyBias);
        NDArray x = feedForward(last, attended, a);
        return layers.layerNorm(x, ParameterNames.SEQ_NORM);
    }

    /**
     * Attention with pre-scaled queries; q is [B, Tq, d], k and v [B, T, d], bias broadcasts to
     * [B, Tq, T]. One head stays in 3-D batched products, which never copy their operands.
     */
    private NDArray attend(NDArray q, NDArray k, NDArray v, NDArray bias) {
        if (config.numHeads() == 1) {
            NDArray scores = q.matMul(k.transpose(0, 2, 1));
            if (bias != null) {
                scores = scores.addi(bias);
            }
            return scores.softmax(-1).matMul(v);
        }
        NDArray scores = layers.splitHeads(q).matMul(layers.splitHeads(k).transpose(0, 1, 3, 2));
        if (bias != null) {
            scores = scores.addi(bias.getShape().dimension() == 3 ? bias.expandDims(1) : bias);
        }
        return layers.mergeHeads(scores.softmax(-1).matMul(layers.splitHeads(v)));
    }

    static final boolean SPLIT = Boolean.parseBoolean(System.getProperty("gsasrec.split", "true"));
    static final int SPLIT_MIN = Integer.getInteger("gsasrec.splitMin", 64);

    /**
     * Causal attention computed as two query halves: the first half sees only the first half of
     * the keys, so a quarter of the score matrix (all masked) is never computed.
     */
    private NDArray attendCausalInHalves(NDArray q, NDArray k, NDArray v, NDArray bias, long t) {
        long half = t / 2;
        boolean perRow = bias.getShape().dimension() == 3;
        NDArray early = attend(q.get(new NDIndex(":, :{}, :", half)), k.get(new NDIndex(":, :{}, :", half)),
                v.get(new NDIndex(":, :{}, :", half)),
                perRow ? bias.get(new NDIndex(":, :{}, :{}", half, half)) : bias.get(new NDIndex(":{}, :{}", half, half)));
        NDArray late = attend(q.get(new NDIndex(":, {}:, :", half)), k, v,
                perRow ? bias.get(new NDIndex(":, {}:, :", half)) : bias.get(new NDIndex("{}:, :", half)));
        return early.concat(late, 1);
    }

    /**
     * The last block's attention for the last row without projecting any key or value.
     *
     * @param q [B, d] pre-scaled queries of the last row
     * @param h [B, T, d] the block's input
     * @param keyBias [B, 1, T] or null
     * @return [B, d], heads concatenated
     */
    private NDArray attendThroughProjections(NDArray q, NDArray h, NDArray keyBias) {
        long b = q.getShape().get(0);
        int heads = config.numHeads();
        int d = config.embeddingDim();
        NDArray qk = heads == 1 ? q.matMul(lastKey).reshape(b, 1, d)
                : q.reshape(b, heads, config.headDim()).transpose(1, 0, 2).matMul(lastKeyByHead)
                        .transpose(1, 0, 2); // [B, H, d]
        NDArray scores = qk.matMul(h.transpose(0, 2, 1)); // [B, H, T]
        if (keyBias != null) {
            scores = scores.addi(keyBias);
        }
        NDArray context = scores.softmax(-1).matMul(h); // [B, H, d]: Σ_j p_j h_j per head
        if (heads == 1) {
            return layers.linear(context.reshape(b, d), ParameterNames.value(config.numBlocks() - 1));
        }
        NDArray out = context.transpose(1, 0, 2).matMul(lastValueByHead).transpose(1, 0, 2); // [B, H, d/H]
        return out.addi(lastValueBiasByHead).reshape(b, d);
    }

    private NDArray feedForward(int block, NDArray attended, NDArray a) {
        NDArray x = layers.layerNorm(attended.addi(a), ParameterNames.secondNorm(block));
        NDArray hidden = Activation.relu(layers.linear(x, ParameterNames.dense1(block)));
        return layers.linear(hidden, ParameterNames.dense2(block)).addi(x);
    }

    private NDArray gather(NDArray ids, NDArray itemTable, NDArray positionTable, NDManager manager) {
        long t = ids.getShape().get(1);
        int len = config.sequenceLength();
        NDArray items = Embedding.embedding(ids, itemTable, SparseFormat.DENSE).singletonOrThrow();
        return items.addi(positionTable.get(manager, new NDIndex("{}:{}", len - t, len)));
    }

    @Override
    public void close() {
        tables.close();
    }
}
