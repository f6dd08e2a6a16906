package io.recsys.gsasrec.train;

import io.recsys.gsasrec.checkpoint.FloatTensor;
import io.recsys.gsasrec.checkpoint.StateDict;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An exponential moving average of the weights, kept on the heap. Once the validation score
 * plateaus, consecutive weights differ mostly by the noise of their last batches; their average
 * scores about as well as the best of them, steadily, instead of swinging between evaluations.
 * The decay ramps up as {@code (1 + t) / (10 + t)} so that the average follows the fast early
 * changes instead of dragging the random initialisation along.
 */
final class WeightAverage {

    private static final String UPDATES = "updates";

    private final double decay;
    private final Map<String, FloatTensor> averages;
    private long updates;

    private WeightAverage(double decay, Map<String, FloatTensor> averages, long updates) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("weight-average decay must be in (0, 1), got " + decay);
        }
        this.decay = decay;
        this.averages = averages;
        this.updates = updates;
    }

    /** An average that starts at {@code weights}. */
    static WeightAverage startingAt(StateDict weights, double decay) {
        return new WeightAverage(decay, copyOf(weights), 0);
    }

    /** The average saved by {@link #state()}. */
    static WeightAverage restore(StateDict state, double decay) {
        Map<String, FloatTensor> copy = copyOf(state);
        long updates = TrainingCheckpoint.count(copy.remove(UPDATES));
        return new WeightAverage(decay, copy, updates);
    }

    /** Moves the average towards {@code current}, which must hold the same tensors. */
    void update(StateDict current) {
        updates++;
        float keep = (float) Math.min(decay, (1.0 + updates) / (10.0 + updates));
        float take = 1f - keep;
        averages.forEach((name, average) -> {
            float[] a = average.data();
            float[] c = current.get(name).data();
            for (int i = 0; i < a.length; i++) {
                a[i] += take * (c[i] - a[i]);
            }
        });
    }

    long updates() {
        return updates;
    }

    /** The averaged weights (a snapshot: later updates do not change it). */
    StateDict weights() {
        return new StateDict(copyOf(new StateDict(averages)));
    }

    /** The averaged weights plus the update count, for a checkpoint. */
    StateDict state() {
        Map<String, FloatTensor> out = copyOf(new StateDict(averages));
        out.put(UPDATES, TrainingCheckpoint.count(updates));
        return new StateDict(out);
    }

    /** Deep copies, since the average is updated in place. */
    private static Map<String, FloatTensor> copyOf(StateDict weights) {
        Map<String, FloatTensor> copy = new LinkedHashMap<>();
        weights.asMap().forEach((name, t) -> copy.put(name, new FloatTensor(t.shape(), t.data().clone())));
        return copy;
    }
}
