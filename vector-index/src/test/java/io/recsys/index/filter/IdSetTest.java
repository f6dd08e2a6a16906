package io.recsys.index.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdSetTest {

    @Test
    void keepsEachIdOnceInAscendingOrder() {
        IdSet s = IdSet.of(5, 1, 5, 3, 1);
        assertThat(s.toArray()).containsExactly(1, 3, 5);
        assertThat(s.size()).isEqualTo(3);
        assertThat(s.contains(3)).isTrue();
        assertThat(s.contains(4)).isFalse();
        assertThat(s).isEqualTo(IdSet.of(List.of(3L, 5L, 1L))).hasSameHashCodeAs(IdSet.of(1, 3, 5));
    }

    @Test
    void emptyAndCopies() {
        assertThat(IdSet.of()).isSameAs(IdSet.empty());
        assertThat(IdSet.empty().isEmpty()).isTrue();
        long[] ids = {2, 1};
        IdSet s = IdSet.of(ids);
        ids[0] = 9;
        s.toArray()[0] = 9;
        assertThat(s.toArray()).containsExactly(1, 2);
    }
}
