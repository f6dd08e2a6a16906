package io.recsys.index;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdFilterTest {

    private final IdMapping mapping = IdMapping.of(new long[] {100, 200, 300, 400, 500});

    @Test
    void allowingCountsOnlyKnownIds() {
        IdFilter f = IdFilter.allowing(mapping, 200, 400, 999);
        assertThat(f.cardinality()).isEqualTo(2);
        assertThat(f.selectivity()).isEqualTo(0.4);
        assertThat(f.allowsId(200)).isTrue();
        assertThat(f.allowsId(300)).isFalse();
        assertThat(f.allowsId(999)).isFalse();
        assertThat(f.allowedIds()).containsExactly(200, 400);
        assertThat(f.isExclusionOnly()).isFalse();
    }

    @Test
    void excludingRemembersItIsOnlyAnExclusionList() {
        IdFilter f = IdFilter.excluding(mapping, 100, 500);
        assertThat(f.cardinality()).isEqualTo(3);
        assertThat(f.isExclusionOnly()).isTrue();
        assertThat(f.exclusionCount()).isEqualTo(2);
        assertThat(f.allowedIds()).containsExactly(200, 300, 400);
    }

    @Test
    void allAndNone() {
        assertThat(IdFilter.allowAll(mapping).allowsEverything()).isTrue();
        assertThat(IdFilter.allowNone(mapping).allowsNothing()).isTrue();
        assertThat(IdFilter.allowAll(IdMapping.of(new long[0])).selectivity()).isEqualTo(1.0);
    }

    @Test
    void translatesToAnotherMappingById() {
        IdMapping other = IdMapping.of(new long[] {500, 400, 300, 200, 100, 600});
        IdFilter allowing = IdFilter.allowing(mapping, 100, 300).on(other);
        assertThat(allowing.mapping()).isSameAs(other);
        assertThat(allowing.allowedIds()).containsExactly(300, 100);
        IdFilter excluding = IdFilter.excluding(mapping, 100).on(other);
        assertThat(excluding.isExclusionOnly()).isTrue();
        assertThat(excluding.allowedIds()).containsExactly(500, 400, 300, 200, 600);
        IdFilter same = IdFilter.allowing(mapping, 100);
        assertThat(same.on(IdMapping.of(mapping.toArray()))).isSameAs(same);
    }

    @Test
    void combinesFilters() {
        IdFilter a = IdFilter.allowing(mapping, 100, 200, 300);
        IdFilter b = IdFilter.excluding(mapping, 200);
        assertThat(a.and(b).allowedIds()).containsExactly(100, 300);
        assertThat(a.and(b).isExclusionOnly()).isFalse();
        assertThat(b.and(IdFilter.excluding(mapping, 300)).isExclusionOnly()).isTrue();
    }

    @Test
    void rejectsBitmapsOfTheWrongSize() {
        assertThatThrownBy(() -> IdFilter.fromBitmap(mapping, new long[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 1");
    }
}
