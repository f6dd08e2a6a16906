package io.recsys.gsasrec.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.gsasrec.checkpoint.FloatTensor;
import io.recsys.gsasrec.checkpoint.StateDict;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class WeightAverageTest {

    private static StateDict weights(float... values) {
        return new StateDict(Map.of("w", new FloatTensor(new long[] {values.length}, values)));
    }

    @Test
    void followsQuicklyAtFirstThenAtTheConfiguredDecay() {
        WeightAverage average = WeightAverage.startingAt(weights(0f), 0.5);
        average.update(weights(10f)); // ramp: keep min(0.5, 2/11), take 9/11
        assertThat(average.weights().get("w").data()[0]).isCloseTo(10f * 9 / 11, Offset.offset(1e-5f));
        for (int i = 0; i < 20; i++) {
            average.update(weights(10f));
        }
        average.update(weights(0f)); // the ramp has passed 0.5: half of the new value
        assertThat(average.weights().get("w").data()[0]).isCloseTo(5f, Offset.offset(1e-3f));
        assertThat(average.updates()).isEqualTo(22);
    }

    @Test
    void weightsAreASnapshotAndTheStateRoundTrips() {
        WeightAverage average = WeightAverage.startingAt(weights(1f, 2f), 0.9);
        average.update(weights(3f, 4f));
        StateDict before = average.weights();
        WeightAverage restored = WeightAverage.restore(average.state(), 0.9);
        average.update(weights(5f, 6f));
        restored.update(weights(5f, 6f));
        assertThat(before.get("w").data()).isNotEqualTo(average.weights().get("w").data());
        assertThat(restored.weights().get("w")).isEqualTo(average.weights().get("w"));
        assertThat(restored.updates()).isEqualTo(2);
    }

    @Test
    void aDecayOutsideTheOpenUnitIntervalIsRefused() {
        assertThatThrownBy(() -> WeightAverage.startingAt(weights(1f), 1.0)).hasMessageContaining("(0, 1)");
    }
}
