package io.recsys.index.faiss;

import io.recsys.index.BuildProgress;
import io.recsys.index.IdFilter;
import io.recsys.index.IdMapping;
import io.recsys.index.IndexConfig;
import io.recsys.index.IndexKind;
import io.recsys.index.SearchPlan;
import io.recsys.index.SearchResult;
import io.recsys.index.SearchStrategy;
import io.recsys.index.SnapshotInfo;
import io.recsys.index.VectorIndex;
import io.recsys.index.VectorTable;
import io.recsys.index.snapshot.CorruptSnapshotException;
import io.recsys.index.snapshot.SnapshotHeader;
import io.recsys.index.snapshot.SnapshotReader;
import io.recsys.index.snapshot.SnapshotWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * FLAT, IVF_FLAT and HNSW through FAISS (our JNI library). FAISS numbers vectors by insertion
 * order, which is our dense position; ids are translated on the way out.
 *
 * <p>The native pointer lives in a {@link NativeHandle}: closing while other threads search
 * waits for them, and any use after close is an IllegalStateException rather than a
 * dangling pointer.
 */
public final class FaissVectorIndex implements VectorIndex {

    private final IndexKind kind;
    private final IndexConfig config;
    private final IdMapping ids;
    private final int dimension;
    private final int nlist;
    private final NativeHandle handle;
    private final boolean ownsHandle;

    private FaissVectorIndex(IndexKind kind, IndexConfig config, IdMapping ids, int dimension, int nlist,
                             NativeHandle handle, boolean ownsHandle) {
        this.kind = kind;
        this.config = config;
        this.ids = ids;
        this.dimension = dimension;
        this.nlist = nlist;
        this.handle = handle;
        this.ownsHandle = ownsHandle;
    }

    private static FaissVectorIndex owning(IndexKind kind, IndexConfig config, IdMapping ids, int dimension,
                                           int nlist, long pointer) {
        return new FaissVectorIndex(kind, config, ids, dimension, nlist,
                new NativeHandle(pointer, kind + " index"), true);
    }

    /**
     * A view of the same native index searching with other efSearch / nprobe values (for
     * parameter sweeps and per-tenant quality settings). It shares the native memory: closing
     * the view does nothing, closing this index makes the view unusable.
     */
    public FaissVectorIndex withSearchParameters(int efSearch, int nprobe) {
        IndexConfig tuned = config.withHnswEfSearch(efSearch).withIvf(config.ivfNlist(), nprobe);
        return new FaissVectorIndex(kind, tuned, ids, dimension, nlist, handle, false);
    }

    /** Builds in chunks so progress (and its ETA) can be reported between them. */
    public static FaissVectorIndex build(VectorTable table, IndexConfig config, BuildProgress progress) {
        FaissLibrary.ensureAvailable();
        IdMapping ids = IdMapping.of(table.ids());
        int n = table.size();
        int dim = table.dimension();
        int nlist = config.kind() == IndexKind.IVF_FLAT ? config.effectiveNlist(n) : 0;
        long handle = FaissNative.create(nativeKind(config.kind()), dim, config.hnswM(), config.hnswEfConstruction(),
                nlist, config.seed());
        try {
            if (config.kind() == IndexKind.IVF_FLAT) {
                TrainingSample sample = TrainingSample.draw(table, nlist, config.seed());
                progress.update("train", 0, sample.count());
                FaissNative.train(handle, sample.vectors(), sample.count(), config.buildThreads());
                progress.update("train", sample.count(), sample.count());
            }
            int chunk = config.kind() == IndexKind.HNSW ? 10_000 : 100_000;
            progress.update("add", 0, n);
            for (int first = 0; first < n; first += chunk) {
                int count = Math.min(chunk, n - first);
                FaissNative.add(handle, table.vectors(), first, count, config.buildThreads());
                progress.update("add", first + count, n);
            }
            ids = reorderForLocality(handle, table, ids, config, progress);
            FaissNative.finishBuild(handle);
            return owning(config.kind(), config, ids, dim, nlist, handle);
        } catch (RuntimeException | Error e) {
            FaissNative.free(handle);
            throw e;
        }
    }

    /** The native index renumbers large HNSW graphs by cluster; the ids follow their rows. */
    private static IdMapping reorderForLocality(long handle, VectorTable table, IdMapping ids, IndexConfig config,
                                                BuildProgress progress) {
        if (config.kind() != IndexKind.HNSW) {
            return ids;
        }
        progress.update("order", 0, table.size());
        int[] order = FaissNative.reorderForLocality(handle, config.seed(), config.buildThreads());
        progress.update("order", table.size(), table.size());
        if (order == null) {
            return ids;
        }
        long[] original = table.ids();
        long[] reordered = new long[order.length];
        for (int position = 0; position < order.length; position++) {
            reordered[position] = original[order[position]];
        }
        return IdMapping.of(reordered);
    }

    /**
     * Reads the FAISS payload of a validated snapshot. Build parameters come from the file;
     * search parameters (efSearch, nprobe, filter planning) from config.
     */
    public static FaissVectorIndex load(SnapshotReader.Contents contents, IndexConfig config) throws IOException {
        FaissLibrary.ensureAvailable();
        SnapshotHeader header = contents.header();
        Path path = contents.info().path();
        long handle;
        try {
            handle = FaissNative.readFrom(path.toString(), contents.payloadOffset());
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new CorruptSnapshotException(path, "FAISS cannot read the payload: " + e.getMessage(), e);
        }
        try {
            IndexKind stored = kindOf(FaissNative.kind(handle));
            if (stored != header.kind()) {
                throw new CorruptSnapshotException(path, "header says " + header.kind() + " but the payload is " + stored);
            }
            if (FaissNative.count(handle) != header.count() || FaissNative.dimension(handle) != header.dimension()) {
                throw new CorruptSnapshotException(path, "header says " + header.count() + " x " + header.dimension()
                        + " but the payload holds " + FaissNative.count(handle) + " x " + FaissNative.dimension(handle));
            }
            IndexConfig effective = withBuildParameters(config.withKind(stored), header.parameters());
            int nlist = intParam(header.parameters(), "nlist", 0);
            return owning(stored, effective, IdMapping.of(contents.ids()), header.dimension(), nlist, handle);
        } catch (IOException | RuntimeException e) {
            FaissNative.free(handle);
            throw e;
        }
    }

    @Override
    public IndexKind kind() {
        return kind;
    }

    @Override
    public IndexConfig config() {
        return config;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public int size() {
        return ids.size();
    }

    @Override
    public IdMapping ids() {
        return ids;
    }

    @Override
    public SearchResult search(float[] query, int k, IdFilter filter) {
        checkQuery(query);
        IdFilter aligned = filter == null ? null : filter.on(ids);
        SearchPlan plan = SearchPlan.choose(size(), k, aligned, config);
        return handle.use(pointer -> switch (plan.strategy()) {
            case NO_RESULTS -> new SearchResult(new long[0], new float[0], SearchStrategy.NO_RESULTS);
            case UNFILTERED -> run(pointer, plan, query, null, false, searchParam(plan, null));
            case OVERFETCH_AND_DROP -> dropDisallowed(run(pointer, plan, query, null, false, searchParam(plan, null)),
                    aligned, plan.k());
            case EXACT_ALLOWED_SCAN -> run(pointer, plan, query, aligned.bitmapWords(), true, 0);
            case FILTERED_INDEX -> run(pointer, plan, query, aligned.bitmapWords(), false, searchParam(plan, aligned));
        });
    }

    private SearchResult run(long pointer, SearchPlan plan, float[] query, long[] allowed, boolean exactScan,
                             int param) {
        float[] scores = new float[plan.fetch()];
        int[] positions = new int[plan.fetch()];
        int found = exactScan
                ? FaissNative.searchAllowedExactly(pointer, query, plan.fetch(), allowed, scores, positions)
                : FaissNative.search(pointer, query, plan.fetch(), param, allowed, scores, positions);
        long[] resultIds = new long[found];
        for (int i = 0; i < found; i++) {
            resultIds[i] = ids.idAt(positions[i]);
        }
        return new SearchResult(resultIds, found == scores.length ? scores : Arrays.copyOf(scores, found),
                plan.strategy());
    }

    private static SearchResult dropDisallowed(SearchResult fetched, IdFilter filter, int k) {
        long[] keptIds = new long[Math.min(k, fetched.size())];
        float[] keptScores = new float[keptIds.length];
        int kept = 0;
        for (int i = 0; i < fetched.size() && kept < keptIds.length; i++) {
            if (filter.allowsId(fetched.id(i))) {
                keptIds[kept] = fetched.id(i);
                keptScores[kept++] = fetched.score(i);
            }
        }
        return new SearchResult(Arrays.copyOf(keptIds, kept), Arrays.copyOf(keptScores, kept),
                SearchStrategy.OVERFETCH_AND_DROP);
    }

    /**
     * efSearch or nprobe for this query. HNSW needs no widening under a filter: the walk
     * keeps going until its beam holds efSearch allowed items, which already explores about
     * efSearch / selectivity nodes. IVF does: the k best allowed items lie further out, in
     * lists the unfiltered nprobe would not reach, so it probes nprobe / selectivity lists.
     */
    private int searchParam(SearchPlan plan, IdFilter filter) {
        return switch (kind) {
            case HNSW -> Math.max(plan.fetch(), config.hnswEfSearch());
            case IVF_FLAT -> {
                double widen = filter == null ? 1.0 : 1.0 / Math.max(filter.selectivity(), 1e-6);
                yield (int) Math.min(Math.max(1, nlist), Math.ceil(config.ivfNprobe() * widen));
            }
            default -> 0;
        };
    }

    @Override
    public SnapshotInfo save(Path file, String modelVersion) throws IOException {
        Map<String, Object> params = new LinkedHashMap<>(config.kindParameters());
        if (kind == IndexKind.IVF_FLAT) {
            params.put("nlist", nlist);
        }
        SnapshotHeader header = new SnapshotHeader(kind, modelVersion, dimension, size(), params,
                SnapshotHeader.PAYLOAD_FAISS, Instant.now().toString());
        try {
            // the handle stays in use (not closable) for the whole write
            return handle.use(pointer -> {
                try {
                    return SnapshotWriter.write(file, header, ids.toArray(),
                            temp -> FaissNative.appendTo(pointer, temp.toAbsolutePath().toString()));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public boolean isClosed() {
        return handle.isFreed();
    }

    /** Frees the native index (a view from {@link #withSearchParameters} frees nothing). */
    @Override
    public void close() {
        if (ownsHandle) {
            handle.free();
        }
    }

    @Override
    public String toString() {
        return "FaissVectorIndex[" + kind + ", " + size() + " x " + dimension + (isClosed() ? ", closed]" : "]");
    }

    private void checkQuery(float[] query) {
        if (query == null || query.length != dimension) {
            throw new IllegalArgumentException("query has " + (query == null ? "no" : query.length)
                    + " dimensions, the index has " + dimension);
        }
    }

    private static IndexConfig withBuildParameters(IndexConfig config, Map<String, Object> params) {
        if (config.kind() == IndexKind.HNSW) {
            return config.withHnsw(intParam(params, "M", config.hnswM()),
                    intParam(params, "efConstruction", config.hnswEfConstruction()), config.hnswEfSearch());
        }
        if (config.kind() == IndexKind.IVF_FLAT) {
            return config.withIvf(intParam(params, "nlist", config.ivfNlist()), config.ivfNprobe());
        }
        return config;
    }

    private static int intParam(Map<String, Object> params, String name, int fallback) {
        return params.get(name) instanceof Number number ? number.intValue() : fallback;
    }

    private static int nativeKind(IndexKind kind) {
        return switch (kind) {
            case FLAT -> FaissNative.KIND_FLAT;
            case IVF_FLAT -> FaissNative.KIND_IVF_FLAT;
            case HNSW -> FaissNative.KIND_HNSW;
            case EXACT, QDRANT -> throw new IllegalArgumentException(kind + " is not a FAISS kind");
        };
    }

    private static IndexKind kindOf(int nativeKind) {
        return switch (nativeKind) {
            case FaissNative.KIND_FLAT -> IndexKind.FLAT;
            case FaissNative.KIND_IVF_FLAT -> IndexKind.IVF_FLAT;
            case FaissNative.KIND_HNSW -> IndexKind.HNSW;
            default -> throw new IllegalStateException("unknown native kind " + nativeKind);
        };
    }
}
