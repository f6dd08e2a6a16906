package io.recsys.index;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to build and how to search it. Defaults are chosen so HNSW and IVF reach recall@10 of
 * at least 0.99 on the synthetic 100k table (see VectorIndexContractTest).
 *
 * @param kind                   which index
 * @param hnswM                  HNSW links per node (layer 0 gets twice as many)
 * @param hnswEfConstruction     HNSW beam width while inserting
 * @param hnswEfSearch           HNSW beam width per query
 * @param ivfNlist               IVF lists; 0 picks about sqrt(count) at build time
 * @param ivfNprobe              IVF lists scanned per query
 * @param exactScanSelectivity   filters allowing at most this fraction of items are answered by
 *                               an exact scan of the allowed items instead of the index
 * @param exactScanMaxCount      ... and so are filters allowing at most this many items
 * @param overfetchMaxExclusions exclusion-only filters (seen items) up to this size are answered
 *                               by fetching k + |excluded| unfiltered and dropping them
 * @param failIfUnavailable      when a FAISS kind is asked for and the library is missing:
 *                               true fails, false falls back to EXACT with a warning
 * @param buildThreads           threads for building (FAISS OpenMP)
 * @param seed                   for k-means sampling and anything else random at build time
 */
public record IndexConfig(
        IndexKind kind,
        int hnswM,
        int hnswEfConstruction,
        int hnswEfSearch,
        int ivfNlist,
        int ivfNprobe,
        double exactScanSelectivity,
        int exactScanMaxCount,
        int overfetchMaxExclusions,
        boolean failIfUnavailable,
        int buildThreads,
        long seed) {

    public static final int DEFAULT_HNSW_M = 32;
    /**
     * Twice the length of a layer-0 neighbour list (2M = 64 links): with 64 the insertion's
     * candidate lists barely filled those slots and left some items weakly linked. 1M synthetic
     * vectors at efSearch 64 gave recall@10 0.946-0.953 by build, 0.990 with 128 (build 150 s ->
     * 281 s).
     */
    public static final int DEFAULT_HNSW_EF_CONSTRUCTION = 128;
    public static final int DEFAULT_HNSW_EF_SEARCH = 64;
    public static final int DEFAULT_IVF_NPROBE = 8;
    public static final double DEFAULT_EXACT_SCAN_SELECTIVITY = 0.02;
    public static final int DEFAULT_EXACT_SCAN_MAX_COUNT = 2048;
    public static final int DEFAULT_OVERFETCH_MAX_EXCLUSIONS = 256;

    public IndexConfig {
        Objects.requireNonNull(kind, "kind");
        require(hnswM >= 2 && hnswM <= 512, "hnswM must be in 2..512, got " + hnswM);
        require(hnswEfConstruction >= 1, "hnswEfConstruction must be positive, got " + hnswEfConstruction);
        require(hnswEfSearch >= 1, "hnswEfSearch must be positive, got " + hnswEfSearch);
        require(ivfNlist >= 0, "ivfNlist must be 0 (auto) or positive, got " + ivfNlist);
        require(ivfNprobe >= 1, "ivfNprobe must be positive, got " + ivfNprobe);
        require(exactScanSelectivity >= 0 && exactScanSelectivity <= 1,
                "exactScanSelectivity must be in [0, 1], got " + exactScanSelectivity);
        require(exactScanMaxCount >= 0, "exactScanMaxCount must be >= 0, got " + exactScanMaxCount);
        require(overfetchMaxExclusions >= 0, "overfetchMaxExclusions must be >= 0, got " + overfetchMaxExclusions);
        require(buildThreads >= 1, "buildThreads must be positive, got " + buildThreads);
    }

    public static IndexConfig defaults(IndexKind kind) {
        return new IndexConfig(kind, DEFAULT_HNSW_M, DEFAULT_HNSW_EF_CONSTRUCTION, DEFAULT_HNSW_EF_SEARCH,
                0, DEFAULT_IVF_NPROBE, DEFAULT_EXACT_SCAN_SELECTIVITY, DEFAULT_EXACT_SCAN_MAX_COUNT,
                DEFAULT_OVERFETCH_MAX_EXCLUSIONS, false, Math.max(1, Runtime.getRuntime().availableProcessors()),
                42L);
    }

    public IndexConfig withKind(IndexKind value) {
        return new IndexConfig(value, hnswM, hnswEfConstruction, hnswEfSearch, ivfNlist, ivfNprobe,
                exactScanSelectivity, exactScanMaxCount, overfetchMaxExclusions, failIfUnavailable, buildThreads, seed);
    }

    public IndexConfig withHnsw(int m, int efConstruction, int efSearch) {
        return new IndexConfig(kind, m, efConstruction, efSearch, ivfNlist, ivfNprobe,
                exactScanSelectivity, exactScanMaxCount, overfetchMaxExclusions, failIfUnavailable, buildThreads, seed);
    }

    public IndexConfig withHnswEfSearch(int efSearch) {
        return withHnsw(hnswM, hnswEfConstruction, efSearch);
    }

    public IndexConfig withIvf(int nlist, int nprobe) {
        return new IndexConfig(kind, hnswM, hnswEfConstruction, hnswEfSearch, nlist, nprobe,
                exactScanSelectivity, exactScanMaxCount, overfetchMaxExclusions, failIfUnavailable, buildThreads, seed);
    }

    public IndexConfig withFilterPlanning(double selectivity, int maxCount, int maxExclusions) {
        return new IndexConfig(kind, hnswM, hnswEfConstruction, hnswEfSearch, ivfNlist, ivfNprobe,
                selectivity, maxCount, maxExclusions, failIfUnavailable, buildThreads, seed);
    }

    public IndexConfig withFailIfUnavailable(boolean value) {
        return new IndexConfig(kind, hnswM, hnswEfConstruction, hnswEfSearch, ivfNlist, ivfNprobe,
                exactScanSelectivity, exactScanMaxCount, overfetchMaxExclusions, value, buildThreads, seed);
    }

    public IndexConfig withBuildThreads(int threads) {
        return new IndexConfig(kind, hnswM, hnswEfConstruction, hnswEfSearch, ivfNlist, ivfNprobe,
                exactScanSelectivity, exactScanMaxCount, overfetchMaxExclusions, failIfUnavailable, threads, seed);
    }

    public IndexConfig withSeed(long value) {
        return new IndexConfig(kind, hnswM, hnswEfConstruction, hnswEfSearch, ivfNlist, ivfNprobe,
                exactScanSelectivity, exactScanMaxCount, overfetchMaxExclusions, failIfUnavailable, buildThreads, value);
    }

    /** The list count IVF uses for a table of the given size. */
    public int effectiveNlist(int count) {
        int wanted = ivfNlist > 0 ? ivfNlist : (int) Math.round(Math.sqrt(count));
        return Math.max(1, Math.min(wanted, Math.max(1, count)));
    }

    /** The build and search parameters that matter for this kind, for snapshot headers and logs. */
    public Map<String, Object> kindParameters() {
        Map<String, Object> params = new LinkedHashMap<>();
        switch (kind) {
            case HNSW -> {
                params.put("M", hnswM);
                params.put("efConstruction", hnswEfConstruction);
                params.put("efSearch", hnswEfSearch);
            }
            case IVF_FLAT -> {
                params.put("nlist", ivfNlist);
                params.put("nprobe", ivfNprobe);
            }
            default -> { }
        }
        params.put("metric", "inner_product");
        return params;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
