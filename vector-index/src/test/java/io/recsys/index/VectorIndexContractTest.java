package io.recsys.index;

import io.recsys.index.SyntheticFixtures.Fixture;
import io.recsys.index.snapshot.CorruptSnapshotException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link VectorIndex} adapter must do. Subclass it per adapter (this module:
 * exact, FAISS flat / IVF / HNSW; elsewhere: Qdrant, through this module's test-jar), implement
 * {@link #build}, and override the hooks where the adapter legitimately differs.
 *
 * <p>Indexes are built once per table and shared between tests; tests that close an index
 * build their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class VectorIndexContractTest {

    protected static final long SEED = 20240917L;

    private final Map<String, VectorIndex> shared = new LinkedHashMap<>();

    /** An index over table with the adapter's default settings. */
    protected abstract VectorIndex build(VectorTable table);

    /** Whether results must equal brute force (up to float rounding). */
    protected abstract boolean isExact();

    /** Skip the whole suite (JUnit assumption with a reason) when the adapter cannot run here. */
    protected void assumeAvailable() {
    }

    /** Reads back a snapshot written by {@link VectorIndex#save}. */
    protected VectorIndex load(Path snapshot) throws IOException {
        return new VectorIndexFactory(IndexConfig.defaults(IndexKind.EXACT)).load(snapshot);
    }

    protected boolean supportsSnapshots() {
        return true;
    }

    /** Mean recall@10 required at default settings on the synthetic 100k x 128 table. */
    protected double minimumRecallAt10() {
        return 0.99;
    }

    /** Whether {@link SearchResult#strategy()} follows {@link SearchPlan} with default thresholds. */
    protected boolean followsDefaultSearchPlan() {
        return true;
    }

    /**
     * Whether the vectors live on the Java heap. The memory test then checks the live heap after
     * GC: a heap the JVM has committed turns into resident memory only as it is first written,
     * so RSS would count that as growth too.
     */
    protected boolean keepsVectorsOnHeap() {
        return false;
    }

    /** Vectors per build in the memory test; small for slow-building adapters. */
    protected int memoryTestSize() {
        return 16_000;
    }

    @BeforeAll
    void checkAvailable() {
        assumeAvailable();
    }

    @AfterAll
    void closeShared() {
        shared.values().forEach(VectorIndex::close);
        shared.clear();
    }

    protected VectorIndex sharedIndex(Fixture fixture) {
        String key = fixture.table().size() + "x" + fixture.table().dimension();
        return shared.computeIfAbsent(key, k -> build(fixture.table()));
    }

    // ---------------------------------------------------------------- results

    @Test
    void topKAgreesWithBruteForce() {
        Fixture f = SyntheticFixtures.clustered(3_000, 48, 30, SEED);
        VectorIndex index = sharedIndex(f);
        assertThat(index.size()).isEqualTo(3_000);
        assertThat(index.dimension()).isEqualTo(48);
        double recall = 0;
        for (int q = 0; q < f.queryCount(); q++) {
            List<ScoredId> expected = BruteForceOracle.topK(f.table(), f.query(q), 10);
            SearchResult actual = index.search(f.query(q), 10);
            if (isExact()) {
                TopKAssertions.assertSameTopK(actual, expected, "query " + q);
            }
            recall += TopKAssertions.recall(actual, new SearchResult(
                    expected.stream().mapToLong(ScoredId::id).toArray(), new float[expected.size()],
                    SearchStrategy.UNFILTERED));
            assertDescending(actual);
        }
        assertThat(recall / f.queryCount()).isGreaterThanOrEqualTo(minimumRecallAt10());
    }

    @Test
    @Tag("slow")
    void recallAt10OnSynthetic100kAtDefaultSettings() {
        Fixture f = SyntheticFixtures.clustered(100_000, 128, 200, SEED);
        long start = System.nanoTime();
        VectorIndex index = sharedIndex(f);
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        IndexConfig oracleConfig = IndexConfig.defaults(IndexKind.EXACT);
        try (VectorIndex oracle = new VectorIndexFactory(oracleConfig).build(f.table())) {
            double recall = 0;
            for (int q = 0; q < f.queryCount(); q++) {
                recall += TopKAssertions.recall(index.search(f.query(q), 10), oracle.search(f.query(q), 10));
            }
            recall /= f.queryCount();
            System.out.printf("%s: recall@10 %.4f on 100k x 128 (build %.1f s)%n", getClass().getSimpleName(),
                    recall, buildSeconds);
            assertThat(recall).isGreaterThanOrEqualTo(minimumRecallAt10());
        }
    }

    @Test
    void idsAreTheCallersIdsNotPositions() {
        Fixture f = SyntheticFixtures.clustered(3_000, 48, 30, SEED);
        VectorIndex index = sharedIndex(f);
        int hits = 0;
        for (int i = 0; i < 50; i++) {
            int position = i * 59;
            float[] v = Arrays.copyOfRange(f.table().vectors(), position * 48, (position + 1) * 48);
            SearchResult r = index.search(v, 1);
            if (r.id(0) == f.table().ids()[position]) {
                hits++;
            }
        }
        assertThat(hits).isGreaterThanOrEqualTo(isExact() ? 50 : 48);
        assertThat(index.ids().idAt(0)).isEqualTo(f.table().ids()[0]);
    }

    // ---------------------------------------------------------------- filters

    @ParameterizedTest(name = "selectivity {0}")
    @ValueSource(doubles = {0.001, 0.01, 0.1, 0.5, 1.0})
    void filteredSearchReturnsTheTopKOfTheAllowedItems(double selectivity) {
        Fixture f = SyntheticFixtures.clustered(50_000, 32, 20, SEED);
        VectorIndex index = sharedIndex(f);
        long[] allowedIds = SyntheticFixtures.randomSubset(f.table().ids(), (int) Math.round(selectivity * f.table().size()), SEED);
        Set<Long> allowed = toSet(allowedIds);
        IdFilter filter = IdFilter.allowing(index.ids(), allowedIds);
        assertThat(filter.cardinality()).isEqualTo(allowedIds.length);

        double recall = 0;
        for (int q = 0; q < f.queryCount(); q++) {
            List<ScoredId> expected = BruteForceOracle.topK(f.table(), f.query(q), 10, allowed::contains);
            SearchResult actual = index.search(f.query(q), 10, filter);
            assertThat(boxed(actual)).as("only allowed ids").allMatch(allowed::contains);
            assertThat(actual.size()).isEqualTo(expected.size());
            if (isExact() || actual.strategy() == SearchStrategy.EXACT_ALLOWED_SCAN) {
                TopKAssertions.assertSameTopK(actual, expected, "selectivity " + selectivity + " query " + q);
            }
            recall += overlap(actual, expected);
            if (followsDefaultSearchPlan()) {
                assertThat(actual.strategy()).isEqualTo(expectedStrategy(selectivity));
            }
        }
        assertThat(recall / f.queryCount()).as("recall@10 at selectivity %s", selectivity)
                .isGreaterThanOrEqualTo(isExact() ? 0.999 : 0.95);
    }

    @Test
    void excludingSeenItemsKeepsTheRestOfTheRanking() {
        Fixture f = SyntheticFixtures.clustered(3_000, 48, 30, SEED);
        VectorIndex index = sharedIndex(f);
        for (int q = 0; q < 10; q++) {
            // "seen" items are the query's own best hits: the hardest case for over-fetching
            long[] seen = index.search(f.query(q), 25).ids();
            Set<Long> seenSet = toSet(seen);
            SearchResult actual = index.search(f.query(q), 10, IdFilter.excluding(index.ids(), seen));
            assertThat(boxed(actual)).noneMatch(seenSet::contains);
            assertThat(actual.size()).isEqualTo(10);
            if (isExact()) {
                TopKAssertions.assertSameTopK(actual, BruteForceOracle.topK(f.table(), f.query(q), 10,
                        id -> !seenSet.contains(id)), "query " + q);
            }
        }
    }

    @Test
    void aFilterAllowingNothingGivesAnEmptyResult() {
        Fixture f = SyntheticFixtures.clustered(3_000, 48, 30, SEED);
        VectorIndex index = sharedIndex(f);
        SearchResult none = index.search(f.query(0), 10, IdFilter.allowNone(index.ids()));
        assertThat(none.isEmpty()).isTrue();
        assertThat(none.strategy()).isEqualTo(SearchStrategy.NO_RESULTS);
        SearchResult unknownIds = index.search(f.query(0), 10, IdFilter.allowing(index.ids(), -5L, 4L, 7L));
        assertThat(unknownIds.isEmpty()).isTrue();
    }

    @Test
    void kLargerThanTheAllowedSetReturnsEveryAllowedItem() {
        Fixture f = SyntheticFixtures.clustered(3_000, 48, 30, SEED);
        VectorIndex index = sharedIndex(f);
        long[] five = Arrays.copyOfRange(f.table().ids(), 100, 105);
        SearchResult r = index.search(f.query(1), 50, IdFilter.allowing(index.ids(), five));
        assertThat(r.ids()).containsExactlyInAnyOrder(five);
        TopKAssertions.assertSameTopK(r, BruteForceOracle.topK(f.table(), f.query(1), 50, toSet(five)::contains), "five");
    }

    @Test
    void kLargerThanTheIndexReturnsEverything() {
        Fixture f = SyntheticFixtures.clustered(40, 16, 3, SEED);
        try (VectorIndex index = build(f.table())) {
            SearchResult r = index.search(f.query(0), 100);
            assertThat(r.size()).isEqualTo(40);
            TopKAssertions.assertSameTopK(r, BruteForceOracle.topK(f.table(), f.query(0), 100), "all");
        }
    }

    @Test
    void filtersOverAnotherButEqualMappingApply() {
        Fixture f = SyntheticFixtures.clustered(3_000, 48, 30, SEED);
        VectorIndex index = sharedIndex(f);
        IdMapping reordered = IdMapping.of(reverse(f.table().ids()));
        long[] allowed = Arrays.copyOfRange(f.table().ids(), 0, 300);
        SearchResult viaOther = index.search(f.query(2), 10, IdFilter.allowing(reordered, allowed));
        SearchResult direct = index.search(f.query(2), 10, IdFilter.allowing(index.ids(), allowed));
        assertThat(viaOther.ids()).containsExactly(direct.ids());
    }

    // ---------------------------------------------------------------- invalid input

    @Test
    void duplicateIdsAreRejected() {
        VectorTable table = new VectorTable(new long[] {7, 8, 7}, new float[12], 4);
        assertThatThrownBy(() -> build(table)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate id 7");
    }

    @Test
    void negativeIdsAreRejected() {
        VectorTable table = new VectorTable(new long[] {1, -2}, new float[8], 4);
        assertThatThrownBy(() -> build(table)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-negative");
    }

    @Test
    void wrongDimensionsAreRejected() {
        assertThatThrownBy(() -> new VectorTable(new long[] {1, 2, 3}, new float[10], 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wrong dimensions");
        Fixture f = SyntheticFixtures.clustered(3_000, 48, 30, SEED);
        VectorIndex index = sharedIndex(f);
        assertThatThrownBy(() -> index.search(new float[47], 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("47 dimensions");
        assertThatThrownBy(() -> index.search(f.query(0), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k must be positive");
    }

    // ---------------------------------------------------------------- snapshots

    @Test
    void snapshotRoundTripGivesIdenticalResults(@TempDir Path dir) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(supportsSnapshots(), "adapter has no snapshots");
        Fixture f = SyntheticFixtures.clustered(3_000, 48, 30, SEED);
        VectorIndex index = sharedIndex(f);
        Path file = dir.resolve("index.snapshot");
        SnapshotInfo info = index.save(file, "model-7");
        assertThat(info.kind()).isEqualTo(index.kind());
        assertThat(info.count()).isEqualTo(3_000);
        assertThat(info.dimension()).isEqualTo(48);
        assertThat(info.modelVersion()).isEqualTo("model-7");
        assertThat(info.sha256()).matches("[0-9a-f]{64}");
        assertThat(Files.size(file)).isEqualTo(info.sizeBytes());
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).as("no temporary files left").containsExactly(file);
        }
        IdFilter filter = IdFilter.allowing(index.ids(), SyntheticFixtures.randomSubset(f.table().ids(), 600, SEED));
        try (VectorIndex loaded = load(file)) {
            assertThat(loaded.kind()).isEqualTo(index.kind());
            assertThat(loaded.size()).isEqualTo(index.size());
            for (int q = 0; q < f.queryCount(); q++) {
                assertThat(loaded.search(f.query(q), 10)).isEqualTo(index.search(f.query(q), 10));
                assertThat(loaded.search(f.query(q), 10, filter)).isEqualTo(index.search(f.query(q), 10, filter));
            }
        }
    }

    @Test
    void damagedSnapshotsAreRefusedWithTheirPathAndFault(@TempDir Path dir) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(supportsSnapshots(), "adapter has no snapshots");
        Fixture f = SyntheticFixtures.clustered(3_000, 48, 30, SEED);
        Path file = dir.resolve("good.snapshot");
        sharedIndex(f).save(file, "model-7");
        byte[] good = Files.readAllBytes(file);

        Path flipped = dir.resolve("flipped.snapshot");
        byte[] damaged = good.clone();
        damaged[damaged.length / 2] ^= 0x40;
        Files.write(flipped, damaged);
        assertThatThrownBy(() -> load(flipped)).isInstanceOf(CorruptSnapshotException.class)
                .hasMessageContaining(flipped.toString()).hasMessageContaining("checksum mismatch");

        Path truncated = dir.resolve("truncated.snapshot");
        Files.write(truncated, Arrays.copyOf(good, good.length - 1000));
        assertThatThrownBy(() -> load(truncated)).isInstanceOf(CorruptSnapshotException.class)
                .hasMessageContaining(truncated.toString()).hasMessageContaining("truncated");

        Path foreign = dir.resolve("foreign.snapshot");
        Files.write(foreign, "definitely not an index, just some text that is long enough".getBytes());
        assertThatThrownBy(() -> load(foreign)).isInstanceOf(CorruptSnapshotException.class)
                .hasMessageContaining("not a vector-index snapshot");

        VectorIndexFactory factory = new VectorIndexFactory(IndexConfig.defaults(IndexKind.EXACT));
        assertThatThrownBy(() -> factory.load(file, SnapshotExpectation.any().withModelVersion("model-8")))
                .isInstanceOf(CorruptSnapshotException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("model version 'model-7', expected 'model-8'");
        assertThatThrownBy(() -> factory.load(file, SnapshotExpectation.any().withDimension(64)))
                .isInstanceOf(CorruptSnapshotException.class).hasMessageContaining("dimension 48, expected 64");
    }

    // ---------------------------------------------------------------- lifecycle

    @Test
    void aClosedIndexRefusesUseWithoutCrashing(@TempDir Path dir) {
        Fixture f = SyntheticFixtures.clustered(500, 16, 3, SEED);
        VectorIndex index = build(f.table());
        index.close();
        index.close(); // idempotent
        assertThat(index.isClosed()).isTrue();
        assertThatThrownBy(() -> index.search(f.query(0), 5)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        if (supportsSnapshots()) {
            assertThatThrownBy(() -> index.save(dir.resolve("x"), "v")).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void concurrentSearchesGiveTheSameResultsAsSequentialOnes() throws Exception {
        Fixture f = SyntheticFixtures.clustered(3_000, 48, 30, SEED);
        VectorIndex index = sharedIndex(f);
        IdFilter filter = IdFilter.allowing(index.ids(), SyntheticFixtures.randomSubset(f.table().ids(), 900, SEED));
        List<SearchResult> sequential = new ArrayList<>();
        for (int q = 0; q < f.queryCount(); q++) {
            sequential.add(index.search(f.query(q), 10, q % 2 == 0 ? null : filter));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    for (int round = 0; round < 20; round++) {
                        for (int q = 0; q < f.queryCount(); q++) {
                            if (!index.search(f.query(q), 10, q % 2 == 0 ? null : filter).equals(sequential.get(q))) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> future : futures) {
                assertThat(future.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closingWhileOthersSearchFailsTheirSearchesCleanly() throws Exception {
        Fixture f = SyntheticFixtures.clustered(2_000, 32, 10, SEED);
        VectorIndex index = build(f.table());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread searcher = new Thread(() -> {
            try {
                while (true) {
                    index.search(f.query(0), 10);
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        searcher.start();
        index.search(f.query(1), 10); // the searcher has had time to start
        index.close();
        searcher.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(searcher.isAlive()).isFalse();
        assertThat(failure.get()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void buildingAndClosingInALoopDoesNotGrowResidentMemory() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ProcessMemory.isSupported(), "no /proc/self/status here");
        int size = memoryTestSize();
        Fixture f = SyntheticFixtures.clustered(size, 128, 1, SEED + 1);
        long indexBytes = (long) size * 128 * 4;
        for (int i = 0; i < 3; i++) {
            buildSearchClose(f);
        }
        boolean heap = keepsVectorsOnHeap();
        long before = heap ? liveHeapAfterGc() : settledRss();
        long heapBefore = Runtime.getRuntime().totalMemory();
        int rounds = 12;
        for (int i = 0; i < rounds; i++) {
            buildSearchClose(f);
        }
        // the JVM keeps a heap it has grown, so native indexes count only what lies outside the
        // heap: native memory is what close() must give back
        long heapGrowth = Math.max(0, Runtime.getRuntime().totalMemory() - heapBefore);
        long growth = heap ? liveHeapAfterGc() - before : settledRss() - before - heapGrowth;
        String measure = heap ? "live heap" : "RSS";
        System.out.printf("%s: %s grew %.1f MB over %d builds of %.1f MB each%n", getClass().getSimpleName(),
                measure, growth / 1e6, rounds, indexBytes / 1e6);
        assertThat(growth).as("%s growth in bytes; a leak would be about %d", measure, rounds * indexBytes)
                .isLessThan(rounds * indexBytes / 3);
    }

    // ---------------------------------------------------------------- helpers

    private void buildSearchClose(Fixture f) {
        try (VectorIndex index = build(f.table())) {
            assertThat(index.search(f.query(0), 10).size()).isEqualTo(10);
        }
    }

    private static long liveHeapAfterGc() {
        System.gc();
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long settledRss() {
        System.gc();
        return ProcessMemory.residentBytes();
    }

    private static SearchStrategy expectedStrategy(double selectivity) {
        if (selectivity >= 1.0) {
            return SearchStrategy.UNFILTERED;
        }
        return selectivity <= IndexConfig.DEFAULT_EXACT_SCAN_SELECTIVITY
                ? SearchStrategy.EXACT_ALLOWED_SCAN : SearchStrategy.FILTERED_INDEX;
    }

    private static void assertDescending(SearchResult r) {
        for (int i = 1; i < r.size(); i++) {
            assertThat(r.score(i)).isLessThanOrEqualTo(r.score(i - 1));
        }
    }

    private static double overlap(SearchResult actual, List<ScoredId> expected) {
        if (expected.isEmpty()) {
            return 1.0;
        }
        Set<Long> truth = new HashSet<>();
        expected.forEach(h -> truth.add(h.id()));
        long hits = Arrays.stream(actual.ids()).filter(truth::contains).count();
        return (double) hits / expected.size();
    }

    private static long[] reverse(long[] ids) {
        long[] out = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = ids[ids.length - 1 - i];
        }
        return out;
    }

    private static List<Long> boxed(SearchResult r) {
        return Arrays.stream(r.ids()).boxed().toList();
    }

    private static Set<Long> toSet(long[] ids) {
        Set<Long> set = new HashSet<>();
        for (long id : ids) {
            set.add(id);
        }
        return set;
    }
}
