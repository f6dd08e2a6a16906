package io.recsys.gsasrec.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class GbceLossTest {

    @Test
    void betaFollowsTheCalibrationFormula() {
        // t = 0 is plain BCE over sampled negatives (β = 1); t = 1 gives β = α
        assertThat(GbceLoss.beta(256, 3416, 0.0)).isCloseTo(1.0, Offset.offset(1e-12));
        assertThat(GbceLoss.beta(256, 3416, 1.0)).isCloseTo(256.0 / 3415, Offset.offset(1e-12));
        assertThat(GbceLoss.beta(8, 100, 0.75)).isCloseTo(0.310606060606, Offset.offset(1e-11));
    }
}
