package io.recsys.gsasrec.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchSamplerTest {

    private final List<int[]> histories = List.of(
            new int[] {1, 2, 3}, new int[] {4, 5}, new int[] {6, 7, 8, 9, 10, 11, 12}, new int[] {7},
            new int[] {2, 0, 3, 99, 4});

    @Test
    void batchesAreLeftPaddedShiftedAndCutToTheLastLPlusOneItems() {
        BatchSampler sampler = new BatchSampler(histories, 20, 4, 8, 1, 0);
        assertThat(sampler.users()).isEqualTo(4); // the one-item history cannot be trained on
        BatchSampler.Batch batch = sampler.epoch(0, 1).get(0);
        assertThat(batch.rows()).isEqualTo(4);
        assertThat(batch.length()).isEqualTo(4);
        assertThat(batch.realPositions()).isEqualTo(2 + 1 + 4 + 2);
        // sorted by length within the pool: [4 5], [2 3 4] (0 and 99 dropped), [1 2 3], [8 .. 12]
        long pad = 21;
        assertThat(Arrays.copyOfRange(batch.input(), 0, 4)).containsExactly(pad, pad, pad, 4);
        assertThat(Arrays.copyOfRange(batch.labels(), 0, 4)).containsExactly(pad, pad, pad, 5);
        assertThat(Arrays.copyOfRange(batch.input(), 12, 16)).containsExactly(8, 9, 10, 11);
        assertThat(Arrays.copyOfRange(batch.labels(), 12, 16)).containsExactly(9, 10, 11, 12);
    }

    @Test
    void theMeanPositionsPerBatchAreThoseOfRandomBatchesOfTheTrainableWindows() {
        BatchSampler sampler = new BatchSampler(histories, 20, 4, 8, 1, 0);
        // windows of at most L+1 = 5 items give 2, 1, 4 and 2 positions; batches of 8 users
        assertThat(sampler.meanPositionsPerBatch()).isEqualTo(8 * (2 + 1 + 4 + 2) / 4.0);
    }

    @Test
    void epochsAreDeterministicAndDiffer() {
        BatchSampler a = new BatchSampler(histories, 20, 4, 2, 9, 0.5);
        BatchSampler b = new BatchSampler(histories, 20, 4, 2, 9, 0.5);
        assertThat(a.epoch(3, 5)).usingRecursiveComparison().isEqualTo(b.epoch(3, 5));
        assertThat(a.epoch(3, 5).size()).isEqualTo(5);
    }

    @Test
    void earlierWindowsAreConsecutiveItemsOfTheHistoryAndCoverItsStart() {
        int[] longHistory = IntStream.rangeClosed(1, 12).toArray();
        BatchSampler sampler = new BatchSampler(List.of(longHistory), 20, 4, 1, 3, 1.0);
        Set<Long> firstItems = new HashSet<>();
        for (BatchSampler.Batch b : sampler.epoch(0, 200)) {
            long first = b.input()[0];
            for (int i = 0; i < 4; i++) {
                assertThat(b.input()[i]).isEqualTo(first + i);
                assertThat(b.labels()[i]).isEqualTo(first + i + 1);
            }
            firstItems.add(first);
        }
        // windows end before the last item (share 1.0): starts 1 .. 7, never the last window's 8
        assertThat(firstItems).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void aShareOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> new BatchSampler(histories, 20, 4, 2, 9, 1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 1]");
    }
}
