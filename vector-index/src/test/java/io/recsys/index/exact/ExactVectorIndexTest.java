package io.recsys.index.exact;

import io.recsys.index.BruteForceOracle;
import io.recsys.index.IdFilter;
import io.recsys.index.IndexConfig;
import io.recsys.index.IndexKind;
import io.recsys.index.SearchStrategy;
import io.recsys.index.SyntheticFixtures;
import io.recsys.index.TopKAssertions;
import io.recsys.index.VectorTable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Block-layout edge cases: tables around the block size, and both scan paths agreeing. */
class ExactVectorIndexTest {

    @ParameterizedTest(name = "{0} vectors")
    @ValueSource(ints = {1, 7, 8, 9, 1023, 1024, 1025, 2049})
    void agreesWithBruteForceAroundBlockBoundaries(int size) {
        SyntheticFixtures.Fixture f = SyntheticFixtures.clustered(size, 24, 5, 3);
        try (ExactVectorIndex index = ExactVectorIndex.build(f.table(), IndexConfig.defaults(IndexKind.EXACT))) {
            for (int q = 0; q < 5; q++) {
                TopKAssertions.assertSameTopK(index.search(f.query(q), 10),
                        BruteForceOracle.topK(f.table(), f.query(q), 10), size + " vectors, query " + q);
            }
            int last = size - 1;
            assertThat(index.vectorAt(last)).containsExactly(
                    Arrays.copyOfRange(f.table().vectors(), last * 24, size * 24));
        }
    }

    @ParameterizedTest(name = "{0} allowed")
    @ValueSource(ints = {1, 30, 300, 1500})
    void bothFilteredScansGiveIdenticalScores(int allowed) {
        SyntheticFixtures.Fixture f = SyntheticFixtures.clustered(3_000, 32, 5, 5);
        VectorTable t = f.table();
        IdFilter filter;
        try (ExactVectorIndex gather = ExactVectorIndex.build(t, IndexConfig.defaults(IndexKind.EXACT)
                .withFilterPlanning(1.0, Integer.MAX_VALUE, 0));
             ExactVectorIndex scan = ExactVectorIndex.build(t, IndexConfig.defaults(IndexKind.EXACT)
                     .withFilterPlanning(0.0, 0, 0))) {
            filter = IdFilter.allowing(gather.ids(), Arrays.copyOf(t.ids(), allowed));
            for (int q = 0; q < 5; q++) {
                var a = gather.search(f.query(q), 10, filter);
                var b = scan.search(f.query(q), 10, filter);
                assertThat(a.strategy()).isEqualTo(SearchStrategy.EXACT_ALLOWED_SCAN);
                assertThat(b.strategy()).isEqualTo(SearchStrategy.FILTERED_INDEX);
                assertThat(a).isEqualTo(b);
            }
        }
    }
}
