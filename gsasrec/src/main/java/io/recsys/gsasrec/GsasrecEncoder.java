package io.recsys.gsasrec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.recsys.gsasrec.checkpoint.StateDict;
import io.recsys.gsasrec.checkpoint.TorchCheckpointReader;
import io.recsys.gsasrec.model.ArchitectureInference;
import io.recsys.gsasrec.model.GsasrecParameters;
import io.recsys.gsasrec.model.LastRowForward;
import io.recsys.gsasrec.model.ParameterNames;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Turns user histories into gSASRec user embeddings, many at a time. Thread-safe: callers may
 * encode concurrently; {@link #close()} waits for calls in flight and frees the native memory.
 *
 * <p>Input rules: histories are oldest first, in model item ids. Ids outside 1..N (unknown items,
 * the padding id, 0) are dropped before encoding, then the last L remain. Only that real part is
 * encoded, never padding up to L: padding rows cannot influence real rows, so the result is the
 * reference's embedding of the left-padded window. An empty history gets the embedding of an
 * all-padding window (the bias of {@code seq_norm}), as the reference would produce.
 */
public final class GsasrecEncoder implements AutoCloseable {

    private final GsasrecConfig config;
    private final GsasrecParameters params;
    private final LastRowForward forward;
    private final LengthBuckets buckets;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final float[] emptyHistoryEmbedding;
    private volatile float[][] itemEmbeddings;
    private volatile ItemScorer scorer;
    private boolean closed;

    private GsasrecEncoder(GsasrecParameters params, LengthBuckets buckets) {
        this.config = params.config();
        this.params = params;
        this.buckets = buckets;
        this.forward = new LastRowForward(params);
        this.emptyHistoryEmbedding = params.get(ParameterNames.bias(ParameterNames.SEQ_NORM)).toFloatArray();
    }

    public static GsasrecEncoder create(GsasrecConfig config, StateDict weights) {
        return create(config, weights, LengthBuckets.forInference());
    }

    public static GsasrecEncoder create(GsasrecConfig config, StateDict weights, LengthBuckets buckets) {
        return new GsasrecEncoder(GsasrecParameters.fromStateDict(config, weights), buckets);
    }

    /** Imports a reference {@code .pt} state dict; heads leave no trace in the shapes, so say how many. */
    public static GsasrecEncoder fromTorchCheckpoint(Path file, int numHeads) throws IOException {
        StateDict weights = TorchCheckpointReader.read(file);
        return create(ArchitectureInference.infer(weights, numHeads, 0.0), weights);
    }

    public GsasrecConfig config() {
        return config;
    }

    /** The user embedding of one history (oldest first). */
    public float[] encode(int[] history) {
        return encode(List.of(history))[0];
    }

    /** One user embedding per history, in input order. */
    public float[][] encode(List<int[]> histories) {
        int[][] windows = new int[histories.size()][];
        int[] lengths = new int[windows.length];
        for (int i = 0; i < windows.length; i++) {
            windows[i] = window(histories.get(i));
            lengths[i] = windows[i].length;
        }
        float[][] out = new float[windows.length][];
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            for (int[] batch : buckets.plan(lengths)) {
                encodeBatch(windows, batch, out);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
        return out;
    }

    /** The last L ids of the history that are real items. */
    public int[] window(int[] history) {
        int keep = 0;
        int start = history.length;
        while (start > 0 && keep < config.sequenceLength()) {
            if (config.isItem(history[--start])) {
                keep++;
            }
        }
        int[] out = new int[keep];
        int j = 0;
        for (int i = start; i < history.length; i++) {
            if (config.isItem(history[i])) {
                out[j++] = history[i];
            }
        }
        return out;
    }

    private void encodeBatch(int[][] windows, int[] batch, float[][] out) {
        int t = 0;
        for (int i : batch) {
            t = Math.max(t, windows[i].length);
        }
        if (t == 0) {
            for (int i : batch) {
                out[i] = emptyHistoryEmbedding.clone();
            }
            return;
        }
        List<Integer> real = new ArrayList<>();
        for (int i : batch) {
            if (windows[i].length == 0) {
                out[i] = emptyHistoryEmbedding.clone();
            } else {
                real.add(i);
            }
        }
        long[] ids = new long[real.size() * t];
        boolean padded = false;
        for (int r = 0; r < real.size(); r++) {
            int[] w = windows[real.get(r)];
            int pad = t - w.length;
            padded |= pad > 0;
            for (int c = 0; c < t; c++) {
                ids[r * t + c] = c < pad ? config.paddingId() : w[c - pad];
            }
        }
        int d = config.embeddingDim();
        try (NDManager call = params.manager().newSubManager()) {
            NDArray input = call.create(ids, new Shape(real.size(), t));
            float[] flat = forward.encode(input, padded, call).toFloatArray();
            for (int r = 0; r < real.size(); r++) {
                float[] e = new float[d];
                System.arraycopy(flat, r * d, e, 0, d);
                out[real.get(r)] = e;
            }
        }
    }

    /** Rows 1..N of the output table: row r is item r + 1. Shared copy; do not modify. */
    public float[][] itemEmbeddings() {
        float[][] cached = itemEmbeddings;
        if (cached == null) {
            lifecycle.readLock().lock();
            try {
                ensureOpen();
                int d = config.embeddingDim();
                try (NDManager call = params.manager().newSubManager()) {
                    float[] flat = params.outputTable().get(call, new NDIndex("1:{}", config.numItems() + 1))
                            .toFloatArray();
                    cached = new float[config.numItems()][];
                    for (int r = 0; r < cached.length; r++) {
                        cached[r] = new float[d];
                        System.arraycopy(flat, r * d, cached[r], 0, d);
                    }
                }
            } finally {
                lifecycle.readLock().unlock();
            }
            itemEmbeddings = cached;
        }
        return cached;
    }

    /** A scorer over {@link #itemEmbeddings()}. */
    public ItemScorer scorer() {
        ItemScorer s = scorer;
        if (s == null) {
            s = new ItemScorer(itemEmbeddings());
            scorer = s;
        }
        return s;
    }

    /** The k best items for each history, best first, every id of the history excluded. */
    public List<ItemScorer.Recommendation> recommend(List<int[]> histories, int k) {
        float[][] users = encode(histories);
        ItemScorer s = scorer();
        List<ItemScorer.Recommendation> out = new ArrayList<>(users.length);
        for (int i = 0; i < users.length; i++) {
            out.add(s.topK(users[i], k, histories.get(i)));
        }
        return out;
    }

    /** The current weights, copied to the heap. */
    public StateDict weights() {
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            return params.toStateDict();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("encoder is closed");
        }
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                forward.close();
                params.close();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
