package io.recsys.gsasrec.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.recsys.gsasrec.checkpoint.FloatTensor;
import io.recsys.gsasrec.checkpoint.StateDict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam whose moments we own, so they can be checkpointed and a run resumed exactly. The update
 * itself is libtorch's (through DJL's adamUpdate), which runs without autograd and zeroes the
 * gradient afterwards.
 */
final class AdamOptimizer implements AutoCloseable {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final Map<String, NDArray> params;
    private final NDManager manager;
    private final Map<String, NDArray> mean = new LinkedHashMap<>();
    private final Map<String, NDArray> variance = new LinkedHashMap<>();
    private final List<String> nonFinite = new ArrayList<>();
    private long updates;

    AdamOptimizer(Map<String, NDArray> params, NDManager parent) {
        this.params = params;
        this.manager = parent.newSubManager();
        params.forEach((name, p) -> {
            mean.put(name, manager.zeros(p.getShape()));
            variance.put(name, manager.zeros(p.getShape()));
        });
    }

    long updates() {
        return updates;
    }

    /**
     * One update from the gradients on the parameters, or none when their norm is not finite:
     * such gradients are discarded and the weights and moments stay as they were.
     *
     * @param clipNorm when positive, gradients whose global L2 norm exceeds it are scaled down
     *     to it first (one bad batch then cannot throw the weights off)
     * @param weightDecay decoupled weight decay (AdamW): each weight shrinks by
     *     {@code learningRate · weightDecay} of itself, apart from the gradient step; 0 for plain Adam
     * @return the global L2 norm of the gradients before any clipping (NaN or infinite when the
     *     update was skipped)
     */
    double step(float learningRate, double clipNorm, double weightDecay) {
        double norm = gradientNorm();
        if (!Double.isFinite(norm)) {
            discardGradients();
            return norm;
        }
        updates++;
        float correction = (float) (learningRate * Math.sqrt(1 - Math.pow(BETA2, updates)) / (1 - Math.pow(BETA1, updates)));
        float rescale = clipNorm > 0 && norm > clipNorm ? (float) (clipNorm / norm) : 1f;
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            NDArray weight = e.getValue();
            try (NDArray grad = weight.getGradient()) {
                weight.getNDArrayInternal().adamUpdate(
                        new NDList(weight, grad, mean.get(e.getKey()), variance.get(e.getKey())),
                        new NDList(weight), learningRate, correction, (float) weightDecay, rescale, -1f, BETA1, BETA2,
                        EPSILON, true, weightDecay > 0);
            }
        }
        return norm;
    }

    /**
     * Zeroes the gradients without an update. Backward passes add to the gradients and only the
     * update clears them, so a skipped batch would otherwise leak into the next one.
     */
    void discardGradients() {
        for (NDArray weight : params.values()) {
            try (NDArray grad = weight.getGradient()) {
                grad.set(new NDIndex("..."), 0f); // an assignment: NaN · 0 would stay NaN
            }
        }
    }

    private double gradientNorm() {
        double sum = 0;
        // every intermediate goes to this scratch manager: results of operations on a gradient
        // otherwise stay on the parameters' manager until training ends (a run was OOM-killed
        // at 24 GB after 4,500 steps)
        nonFinite.clear();
        try (NDManager scratch = manager.newSubManager()) {
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                NDArray grad = e.getValue().getGradient();
                grad.attach(scratch);
                float squares = grad.square().sum().getFloat();
                if (!Float.isFinite(squares)) {
                    nonFinite.add(e.getKey());
                }
                sum += squares;
            }
        }
        return Math.sqrt(sum);
    }

    /** The parameters whose gradient was not finite at the last step (empty when all were). */
    List<String> nonFiniteGradients() {
        return List.copyOf(nonFinite);
    }

    /** Moments as a state dict ("mean/NAME", "variance/NAME") plus the update count. */
    StateDict state() {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        mean.forEach((n, a) -> out.put("mean/" + n, new FloatTensor(a.getShape().getShape(), a.toFloatArray())));
        variance.forEach((n, a) -> out.put("variance/" + n, new FloatTensor(a.getShape().getShape(), a.toFloatArray())));
        out.put("updates", TrainingCheckpoint.count(updates));
        return new StateDict(out);
    }

    void restore(StateDict state) {
        for (String name : params.keySet()) {
            mean.get(name).set(state.get("mean/" + name).data());
            variance.get(name).set(state.get("variance/" + name).data());
        }
        updates = TrainingCheckpoint.count(state.get("updates"));
    }

    @Override
    public void close() {
        manager.close();
    }
}
