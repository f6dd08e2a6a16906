package io.recsys.index.bench;

import io.recsys.index.BuildProgress;
import io.recsys.index.IdFilter;
import io.recsys.index.IndexConfig;
import io.recsys.index.IndexKind;
import io.recsys.index.SearchResult;
import io.recsys.index.VectorIndex;
import io.recsys.index.VectorIndexFactory;
import io.recsys.index.faiss.FaissVectorIndex;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures every requested kind on one table: build time, single-thread latency, throughput
 * on N threads and recall@10 against the exact index, without a filter and with filters
 * allowing a fixed random 1% and 10% of the ids.
 */
final class TableBenchmark {

    static final int K = 10;
    private static final String[] FILTER_NAMES = {"", "_filter_1pct", "_filter_10pct"};
    private static final double[] FILTER_FRACTIONS = {1.0, 0.01, 0.10};

    private final BenchTable bench;
    private final IndexBenchmark.Options options;
    private final PrintStream progress;
    private final IdFilter[] filters = new IdFilter[FILTER_NAMES.length];
    private final SearchResult[][] truth = new SearchResult[FILTER_NAMES.length][];
    private double rssMbPerMillion = Double.NaN;

    TableBenchmark(BenchTable bench, IndexBenchmark.Options options, PrintStream progress) {
        this.bench = bench;
        this.options = options;
        this.progress = progress;
    }

    /** Resident-memory growth per million vectors of the HNSW build (exact if HNSW was not run). */
    double rssMbPerMillion() {
        return rssMbPerMillion;
    }

    Map<String, Object> run(List<IndexKind> kinds, boolean faissAvailable) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("table", Map.of("rows", bench.table().size(), "dim", bench.table().dimension(),
                "queries", bench.queryCount(), "source", bench.source()));
        // the exact index runs first: its answers are the ground truth for the others
        List<IndexKind> order = new ArrayList<>();
        order.add(IndexKind.EXACT);
        kinds.stream().filter(k -> k != IndexKind.EXACT).forEach(order::add);
        for (IndexKind kind : order) {
            if (kind.usesFaiss() && !faissAvailable) {
                continue;
            }
            measureKind(kind, out, kinds.contains(kind));
        }
        return out;
    }

    private void measureKind(IndexKind kind, Map<String, Object> out, boolean report) {
        IndexConfig config = IndexConfig.defaults(kind).withFailIfUnavailable(true).withSeed(options.seed())
                .withBuildThreads(options.threads());
        String label = "[" + bench.name() + "] " + kind.key();
        System.gc();
        long rssBefore = residentBytes();
        long start = System.nanoTime();
        try (VectorIndex index = new VectorIndexFactory(config)
                .build(bench.table(), BuildProgress.printingTo(progress, label + " build"))) {
            double buildSeconds = (System.nanoTime() - start) / 1e9;
            long rssGrowth = residentBytes() - rssBefore;
            progress.printf(Locale.ROOT, "%s: built in %.2f s, resident memory +%.0f MB%n", label, buildSeconds,
                    rssGrowth / 1e6);
            if (kind == IndexKind.HNSW || (kind == IndexKind.EXACT && Double.isNaN(rssMbPerMillion))) {
                rssMbPerMillion = rssGrowth / 1e6 / (bench.table().size() / 1e6);
            }
            for (int f = 0; f < FILTER_NAMES.length; f++) {
                IdFilter filter = filter(f, index);
                Map<String, Object> entry = measureSearches(index, filter, f, buildSeconds, label + FILTER_NAMES[f]);
                if (report) {
                    out.put(kind.key() + FILTER_NAMES[f], entry);
                }
            }
            if (report && index instanceof FaissVectorIndex faiss && kind == IndexKind.HNSW) {
                // the same graph searched with other beam widths: the recall/latency trade-off,
                // without a filter and with the broad one that the graph walk answers
                int broadSlot = FILTER_NAMES.length - 1;
                IdFilter broad = filter(broadSlot, index);
                for (int ef : options.hnswEfSweep()) {
                    VectorIndex swept = faiss.withSearchParameters(ef, config.ivfNprobe());
                    String name = "ef" + ef;
                    out.put("hnsw_" + name, measureSearches(swept, null, 0, buildSeconds, label + " " + name));
                    out.put("hnsw_" + name + FILTER_NAMES[broadSlot], measureSearches(swept, broad, broadSlot,
                            buildSeconds, label + " " + name + FILTER_NAMES[broadSlot]));
                }
            }
        }
    }

    private Map<String, Object> measureSearches(VectorIndex index, IdFilter filter, int filterSlot,
                                                double buildSeconds, String label) {
        int n = bench.queryCount();
        float[][] queries = new float[n][];
        for (int q = 0; q < n; q++) {
            queries[q] = bench.query(q);
        }
        // warm-up (JIT, caches): at least 200 queries and a second, so C2 has compiled the
        // search loops before anything is timed
        long warmUntil = System.nanoTime() + 1_000_000_000L;
        for (int q = 0; q < 200 || System.nanoTime() < warmUntil; q++) {
            index.search(queries[q % n], K, filter);
        }
        LatencySample latency = new LatencySample(n);
        SearchResult[] results = new SearchResult[n];
        long reportAt = System.nanoTime() + 10_000_000_000L;
        for (int q = 0; q < n; q++) {
            long t0 = System.nanoTime();
            results[q] = index.search(queries[q], K, filter);
            long t1 = System.nanoTime();
            latency.add(t1 - t0);
            if (t1 > reportAt) {
                progress.printf(Locale.ROOT, "%s: %d/%d queries%n", label, q + 1, n);
                reportAt = t1 + 10_000_000_000L;
            }
        }
        if (truth[filterSlot] == null) {
            truth[filterSlot] = results; // the first index measured is the exact one
        }
        double recall = recall(results, truth[filterSlot]);
        double qps = throughput(index, queries, filter);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("build_s", round(buildSeconds, 3));
        entry.put("p50_ms", round(latency.percentileMillis(50), 4));
        entry.put("p99_ms", round(latency.percentileMillis(99), 4));
        entry.put("qps", round(qps, 1));
        entry.put("recall_at_10", round(recall, 4));
        entry.put("strategy", results.length == 0 ? "" : results[0].strategy().name());
        progress.printf(Locale.ROOT, "%s: p50 %.3f ms, p99 %.3f ms, %d threads %.0f qps, recall@10 %.4f (%s)%n",
                label, latency.percentileMillis(50), latency.percentileMillis(99), options.threads(), qps, recall,
                entry.get("strategy"));
        return entry;
    }

    /** Searches per second with options.threads() threads for about options.qpsSeconds(). */
    private double throughput(VectorIndex index, float[][] queries, IdFilter filter) {
        int threads = options.threads();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong done = new AtomicLong();
        long deadline = System.nanoTime() + (long) (options.qpsSeconds() * 1e9);
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t * queries.length / threads;
                futures.add(pool.submit(() -> {
                    long count = 0;
                    for (int i = 0; System.nanoTime() < deadline; i++) {
                        index.search(queries[(offset + i) % queries.length], K, filter);
                        count++;
                    }
                    done.addAndGet(count);
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("throughput run failed", e);
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    private IdFilter filter(int slot, VectorIndex index) {
        if (FILTER_FRACTIONS[slot] >= 1.0) {
            return null;
        }
        if (filters[slot] == null) {
            long[] ids = bench.table().ids();
            int count = Math.max(1, (int) Math.round(ids.length * FILTER_FRACTIONS[slot]));
            long[] copy = ids.clone();
            SplittableRandom random = new SplittableRandom(options.seed() + slot);
            for (int i = 0; i < count; i++) {
                int j = i + random.nextInt(copy.length - i);
                long t = copy[i];
                copy[i] = copy[j];
                copy[j] = t;
            }
            filters[slot] = IdFilter.allowing(index.ids(), java.util.Arrays.copyOf(copy, count));
        }
        return filters[slot].on(index.ids());
    }

    private static double recall(SearchResult[] actual, SearchResult[] expected) {
        double sum = 0;
        for (int q = 0; q < actual.length; q++) {
            Set<Long> truth = new HashSet<>();
            for (long id : expected[q].ids()) {
                truth.add(id);
            }
            int hits = 0;
            for (long id : actual[q].ids()) {
                if (truth.contains(id)) {
                    hits++;
                }
            }
            sum += truth.isEmpty() ? 1.0 : (double) hits / truth.size();
        }
        return actual.length == 0 ? 1.0 : sum / actual.length;
    }

    private static double round(double value, int digits) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    static long residentBytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024L;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return 0L;
        }
        return 0L;
    }
}
