package io.recsys.index;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BitmapsTest {

    @Test
    void allSetLeavesBitsPastTheEndClear() {
        long[] words = Bitmaps.allSet(70);
        assertThat(words).hasSize(2);
        assertThat(Bitmaps.cardinality(words)).isEqualTo(70);
        assertThat(words[1]).isEqualTo((1L << 6) - 1);
        assertThat(Bitmaps.allSet(128)[1]).isEqualTo(-1L);
    }

    @Test
    void iteratesSetBits() {
        long[] words = new long[3];
        for (int bit : new int[] {0, 63, 64, 130}) {
            Bitmaps.set(words, bit);
        }
        assertThat(Bitmaps.nextSetBit(words, 0)).isZero();
        assertThat(Bitmaps.nextSetBit(words, 1)).isEqualTo(63);
        assertThat(Bitmaps.nextSetBit(words, 64)).isEqualTo(64);
        assertThat(Bitmaps.nextSetBit(words, 65)).isEqualTo(130);
        assertThat(Bitmaps.nextSetBit(words, 131)).isEqualTo(-1);
        assertThat(Bitmaps.nextSetBit(words, 500)).isEqualTo(-1);
        Bitmaps.clear(words, 63);
        assertThat(Bitmaps.get(words, 63)).isFalse();
    }
}
