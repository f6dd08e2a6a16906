package io.recsys.gsasrec.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.recsys.gsasrec.model.DjlRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class AdamOptimizerTest {

    private record Outcome(float[] weights, List<Double> norms, List<List<String>> nonFinite) {}

    /**
     * Adam steps on the losses sum(scale · w²), one per scale, w starting at (3, 4): the first
     * gradient is (6, 8) · scale, norm 10 · scale.
     */
    private static Outcome steps(double clipNorm, float... scales) {
        try (NDManager manager = DjlRuntime.newManager()) {
            NDArray w = manager.create(new float[] {3f, 4f}, new Shape(1, 2)); // 2-d, as the weights are
            w.setRequiresGradient(true);
            List<Double> norms = new ArrayList<>();
            List<List<String>> nonFinite = new ArrayList<>();
            try (AdamOptimizer adam = new AdamOptimizer(Map.of("w", w), manager)) {
                for (float scale : scales) {
                    try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                        collector.backward(w.square().mul(scale).sum());
                    }
                    norms.add(adam.step(0.1f, clipNorm, 0));
                    nonFinite.add(adam.nonFiniteGradients());
                }
                return new Outcome(w.toFloatArray(), norms, nonFinite);
            }
        }
    }

    @Test
    void reportsTheGradientNormBeforeClipping() {
        assertThat(steps(0, 1f).norms().get(0)).isCloseTo(10.0, Offset.offset(1e-5));
        assertThat(steps(1.0, 1f).norms().get(0)).isCloseTo(10.0, Offset.offset(1e-5));
    }

    @Test
    void aSpikeAboveTheLimitStepsLikeAGradientOfTheLimitsNorm() {
        // after a norm-10 step, a norm-~1000 spike clipped to 15 moves w as a norm-15 gradient would
        Outcome clipped = steps(15, 1f, 100f);
        Outcome limit = steps(0, 1f, 100f * 15 / clipped.norms().get(1).floatValue());
        Outcome spike = steps(0, 1f, 100f);
        assertThat(clipped.weights()[0]).isCloseTo(limit.weights()[0], Offset.offset(1e-5f));
        assertThat(clipped.weights()[1]).isCloseTo(limit.weights()[1], Offset.offset(1e-5f));
        assertThat(Math.abs(clipped.weights()[0] - spike.weights()[0])).isGreaterThan(1e-3f);
    }

    @Test
    void gradientsBelowTheLimitAreUntouched() {
        assertThat(steps(20, 1f, 1.5f).weights()).containsExactly(steps(0, 1f, 1.5f).weights());
    }

    @Test
    void aBatchWithNonFiniteGradientsIsSkippedAndLeavesNothingBehind() {
        Outcome skipped = steps(0, 1f, Float.NaN, 1.5f);
        assertThat(skipped.norms().get(1)).isNaN();
        assertThat(skipped.nonFinite()).containsExactly(List.of(), List.of("w"), List.of());
        // the NaN batch neither moved the weights nor counted as an update, and its gradients
        // did not add to the next batch's
        assertThat(skipped.weights()).containsExactly(steps(0, 1f, 1.5f).weights());
    }

    @Test
    void weightDecayShrinksTheWeightsApartFromTheGradientStep() {
        try (NDManager manager = DjlRuntime.newManager()) {
            NDArray w = manager.create(new float[] {3f, 4f}, new Shape(1, 2));
            w.setRequiresGradient(true);
            try (AdamOptimizer adam = new AdamOptimizer(Map.of("w", w), manager)) {
                try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                    collector.backward(w.mul(0f).sum()); // a zero gradient: Adam alone would not move w
                }
                adam.step(0.1f, 0, 0.5);
                // decoupled: w · (1 - lr · wd), not a decay folded into the gradient's moments
                assertThat(w.toFloatArray()).containsExactly(new float[] {3f * 0.95f, 4f * 0.95f}, Offset.offset(1e-6f));
            }
        }
    }
}
