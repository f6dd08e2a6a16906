package io.recsys.index;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdMappingTest {

    @Test
    void mapsSmallDenseIdsBothWays() {
        IdMapping m = IdMapping.of(new long[] {3952, 1, 7, 0});
        assertThat(m.size()).isEqualTo(4);
        assertThat(m.positionOf(3952)).isZero();
        assertThat(m.positionOf(0)).isEqualTo(3);
        assertThat(m.idAt(2)).isEqualTo(7);
        assertThat(m.positionOf(2)).isEqualTo(-1);
        assertThat(m.positionOf(100_000)).isEqualTo(-1);
        assertThat(m.positionOf(-1)).isEqualTo(-1);
    }

    @Test
    void mapsLargeSparseIdsThroughTheHashTable() {
        long[] ids = new long[10_000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1_000_000_007L * (i + 1);
        }
        IdMapping m = IdMapping.of(ids);
        for (int i = 0; i < ids.length; i++) {
            assertThat(m.positionOf(ids[i])).isEqualTo(i);
        }
        assertThat(m.contains(1_000_000_008L)).isFalse();
        assertThat(m.toArray()).containsExactly(ids);
    }

    @Test
    void rejectsDuplicatesAndNegativesNamingThem() {
        assertThatThrownBy(() -> IdMapping.of(new long[] {5, 9, 5})).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicate id 5 at positions 0 and 2");
        assertThatThrownBy(() -> IdMapping.of(new long[] {1L << 40, 3, 1L << 40}))
                .hasMessageContaining("duplicate id " + (1L << 40));
        assertThatThrownBy(() -> IdMapping.of(new long[] {4, -1})).hasMessageContaining("non-negative");
    }

    @Test
    void equalMappingsAreTheSameAndOthersAreNot() {
        IdMapping a = IdMapping.of(new long[] {10, 20, 30});
        IdMapping b = IdMapping.of(new long[] {10, 20, 30});
        assertThat(a.sameAs(a)).isTrue();
        assertThat(a.sameAs(b)).isTrue();
        assertThat(a.sameAs(b)).isTrue(); // cached path
        assertThat(a.sameAs(IdMapping.of(new long[] {10, 30, 20}))).isFalse();
        assertThat(a.sameAs(IdMapping.of(new long[] {10, 20}))).isFalse();
        assertThat(a.sameAs(null)).isFalse();
        assertThat(IdMapping.identity(3).idAt(2)).isEqualTo(2);
    }
}
