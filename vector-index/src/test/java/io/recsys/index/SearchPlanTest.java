package io.recsys.index;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchPlanTest {

    private final IdMapping mapping = IdMapping.identity(100_000);
    private final IndexConfig config = IndexConfig.defaults(IndexKind.HNSW);

    @Test
    void unfilteredWhenEverythingPasses() {
        assertThat(SearchPlan.choose(100_000, 10, null, config))
                .isEqualTo(new SearchPlan(SearchStrategy.UNFILTERED, 10, 10));
        assertThat(SearchPlan.choose(100_000, 10, IdFilter.allowAll(mapping), config).strategy())
                .isEqualTo(SearchStrategy.UNFILTERED);
        assertThat(SearchPlan.choose(5, 10, null, config).k()).isEqualTo(5);
    }

    @Test
    void selectiveFiltersScanTheAllowedItemsExactly() {
        IdFilter onePercent = IdFilter.fromBitmap(mapping, bitmap(1_000));
        assertThat(SearchPlan.choose(100_000, 10, onePercent, config).strategy())
                .isEqualTo(SearchStrategy.EXACT_ALLOWED_SCAN);
        IdFilter tenPercent = IdFilter.fromBitmap(mapping, bitmap(10_000));
        assertThat(SearchPlan.choose(100_000, 10, tenPercent, config).strategy())
                .isEqualTo(SearchStrategy.FILTERED_INDEX);
        assertThat(SearchPlan.choose(100_000, 10, tenPercent, config.withFilterPlanning(0.2, 0, 0)).strategy())
                .isEqualTo(SearchStrategy.EXACT_ALLOWED_SCAN);
    }

    @Test
    void shortExclusionListsOverfetch() {
        IdFilter seen = IdFilter.excluding(mapping, 1, 2, 3);
        assertThat(SearchPlan.choose(100_000, 10, seen, config))
                .isEqualTo(new SearchPlan(SearchStrategy.OVERFETCH_AND_DROP, 10, 13));
        long[] many = new long[500];
        for (int i = 0; i < many.length; i++) {
            many[i] = i;
        }
        assertThat(SearchPlan.choose(100_000, 10, IdFilter.excluding(mapping, many), config).strategy())
                .isEqualTo(SearchStrategy.FILTERED_INDEX);
    }

    @Test
    void scanningIndexesFilterExclusionsInsteadOfOverfetching() {
        IdFilter seen = IdFilter.excluding(mapping, 1, 2, 3);
        assertThat(SearchPlan.choose(100_000, 10, seen, IndexConfig.defaults(IndexKind.EXACT)))
                .isEqualTo(new SearchPlan(SearchStrategy.FILTERED_INDEX, 10, 10));
        assertThat(SearchPlan.choose(100_000, 10, seen, IndexConfig.defaults(IndexKind.FLAT)).strategy())
                .isEqualTo(SearchStrategy.FILTERED_INDEX);
    }

    @Test
    void emptyCases() {
        assertThat(SearchPlan.choose(0, 10, null, config).strategy()).isEqualTo(SearchStrategy.NO_RESULTS);
        assertThat(SearchPlan.choose(100_000, 10, IdFilter.allowNone(mapping), config).strategy())
                .isEqualTo(SearchStrategy.NO_RESULTS);
        assertThatThrownBy(() -> SearchPlan.choose(10, 0, null, config)).hasMessageContaining("k must be positive");
    }

    private static long[] bitmap(int firstBits) {
        long[] words = new long[Bitmaps.wordsFor(100_000)];
        for (int i = 0; i < firstBits; i++) {
            Bitmaps.set(words, i * (100_000 / firstBits));
        }
        return words;
    }
}
