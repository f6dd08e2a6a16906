package io.recsys.gsasrec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LengthBucketsTest {

    @Test
    void everySequenceLandsInExactlyOneBatchWithinTheBudget() {
        int[] lengths = new SplittableRandom(5).ints(1000, 0, 201).toArray();
        LengthBuckets buckets = new LengthBuckets(2048, 64, 1.15);
        List<int[]> plan = buckets.plan(lengths);
        int[] seen = new int[lengths.length];
        for (int[] batch : plan) {
            int max = Arrays.stream(batch).map(i -> lengths[i]).max().orElseThrow();
            int min = Arrays.stream(batch).map(i -> lengths[i]).min().orElseThrow();
            assertThat(batch.length).isLessThanOrEqualTo(64);
            assertThat((long) batch.length * Math.max(1, max)).isLessThanOrEqualTo(Math.max(2048, max));
            assertThat(max).isLessThanOrEqualTo((int) (Math.max(1, min) * 1.15 + 4));
            for (int i : batch) {
                seen[i]++;
            }
        }
        assertThat(seen).containsOnly(1);
    }
}
