package io.recsys.index.faiss;

import io.recsys.index.BruteForceOracle;
import io.recsys.index.BuildProgress;
import io.recsys.index.IdFilter;
import io.recsys.index.IndexConfig;
import io.recsys.index.IndexKind;
import io.recsys.index.ScoredId;
import io.recsys.index.SearchResult;
import io.recsys.index.SearchStrategy;
import io.recsys.index.SyntheticFixtures;
import io.recsys.index.SyntheticFixtures.Fixture;
import io.recsys.index.TopKAssertions;
import io.recsys.index.VectorIndex;
import io.recsys.index.VectorIndexFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * A large HNSW index renumbers its rows by cluster after the build (the contract suite's
 * tables are mostly too small for that): ids, scores, filters and snapshots must follow.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HnswLocalityOrderTest {

    private static final int ROWS = 70_000; // above the native library's 65,536-row threshold
    private static final int DIM = 32;
    private static final long SEED = 77L;

    private Fixture fixture;
    private VectorIndex index;
    private Map<Long, Integer> rowOfId;

    @BeforeAll
    void build() {
        Assumptions.assumeTrue(FaissLibrary.isAvailable(),
                () -> "FAISS native library unavailable: " + FaissLibrary.unavailableReason());
        fixture = SyntheticFixtures.clustered(ROWS, DIM, 40, SEED);
        index = FaissVectorIndex.build(fixture.table(), IndexConfig.defaults(IndexKind.HNSW), BuildProgress.SILENT);
        rowOfId = new HashMap<>();
        long[] ids = fixture.table().ids();
        for (int row = 0; row < ids.length; row++) {
            rowOfId.put(ids[row], row);
        }
    }

    @AfterAll
    void close() {
        if (index != null) {
            index.close();
        }
    }

    @Test
    void positionsHoldTheSameIdsInAnotherOrder() {
        long[] byPosition = index.ids().toArray();
        assertThat(byPosition).isNotEqualTo(fixture.table().ids());
        long[] sortedPositions = byPosition.clone();
        long[] sortedTable = fixture.table().ids().clone();
        Arrays.sort(sortedPositions);
        Arrays.sort(sortedTable);
        assertThat(sortedPositions).isEqualTo(sortedTable);
    }

    @Test
    void everyScoreIsTheInnerProductWithTheVectorOfItsId() {
        double recall = 0;
        for (int q = 0; q < fixture.queryCount(); q++) {
            float[] query = fixture.query(q);
            SearchResult result = index.search(query, 10);
            for (int i = 0; i < result.size(); i++) {
                assertThat(result.score(i)).as("query %d rank %d", q, i)
                        .isCloseTo(innerProduct(query, rowOfId.get(result.id(i))), offset(1e-4f));
            }
            List<ScoredId> expected = BruteForceOracle.topK(fixture.table(), query, 10);
            recall += TopKAssertions.recall(result, asResult(expected));
        }
        assertThat(recall / fixture.queryCount()).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void filtersApplyToTheRenumberedRows() {
        for (double selectivity : new double[] {0.005, 0.1}) {
            long[] allowedIds = SyntheticFixtures.randomSubset(fixture.table().ids(), (int) (selectivity * ROWS), SEED);
            Set<Long> allowed = new HashSet<>();
            for (long id : allowedIds) {
                allowed.add(id);
            }
            IdFilter filter = IdFilter.allowing(index.ids(), allowedIds);
            for (int q = 0; q < fixture.queryCount(); q++) {
                SearchResult result = index.search(fixture.query(q), 10, filter);
                for (long id : result.ids()) {
                    assertThat(allowed).as("selectivity %s query %d", selectivity, q).contains(id);
                }
                if (result.strategy() == SearchStrategy.EXACT_ALLOWED_SCAN) {
                    TopKAssertions.assertSameTopK(result,
                            BruteForceOracle.topK(fixture.table(), fixture.query(q), 10, allowed::contains),
                            "selectivity " + selectivity + " query " + q);
                }
            }
        }
    }

    @Test
    void aSnapshotKeepsTheOrder(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("hnsw.snapshot");
        index.save(file, "order-test");
        try (VectorIndex loaded = new VectorIndexFactory(IndexConfig.defaults(IndexKind.HNSW)).load(file)) {
            assertThat(loaded.ids().toArray()).isEqualTo(index.ids().toArray());
            for (int q = 0; q < fixture.queryCount(); q++) {
                assertThat(loaded.search(fixture.query(q), 10)).isEqualTo(index.search(fixture.query(q), 10));
            }
        }
    }

    private float innerProduct(float[] query, int row) {
        double sum = 0;
        float[] vectors = fixture.table().vectors();
        for (int d = 0; d < DIM; d++) {
            sum += (double) vectors[row * DIM + d] * query[d];
        }
        return (float) sum;
    }

    private static SearchResult asResult(List<ScoredId> hits) {
        return new SearchResult(hits.stream().mapToLong(ScoredId::id).toArray(), new float[hits.size()],
                SearchStrategy.UNFILTERED);
    }
}
