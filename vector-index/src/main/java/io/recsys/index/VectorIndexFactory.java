package io.recsys.index;

import io.recsys.index.exact.ExactVectorIndex;
import io.recsys.index.faiss.FaissLibrary;
import io.recsys.index.faiss.FaissVectorIndex;
import io.recsys.index.snapshot.CorruptSnapshotException;
import io.recsys.index.snapshot.SnapshotReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Opens indexes of the configured kind, from vectors or from a snapshot. When a FAISS kind is
 * asked for and the native library is missing, it says so (logged at WARNING, and in
 * {@link #resolution()}) and builds EXACT instead, unless the configuration says
 * failIfUnavailable, in which case it throws IllegalStateException with the reason.
 */
public final class VectorIndexFactory {

    private static final System.Logger LOG = System.getLogger(VectorIndexFactory.class.getName());

    /** Whether the FAISS library can be used; swapped in tests to exercise the fallback. */
    public interface NativeAvailability {
        boolean isAvailable();

        String unavailableReason();

        NativeAvailability FAISS = new NativeAvailability() {
            @Override
            public boolean isAvailable() {
                return FaissLibrary.isAvailable();
            }

            @Override
            public String unavailableReason() {
                return FaissLibrary.unavailableReason();
            }
        };
    }

    private final IndexConfig config;
    private final NativeAvailability faiss;
    private final KindResolution resolution;

    public VectorIndexFactory(IndexConfig config) {
        this(config, NativeAvailability.FAISS);
    }

    public VectorIndexFactory(IndexConfig config, NativeAvailability faiss) {
        this.config = Objects.requireNonNull(config, "config");
        this.faiss = Objects.requireNonNull(faiss, "faiss");
        this.resolution = resolve(config, faiss);
        resolution.warning().ifPresent(w -> LOG.log(System.Logger.Level.WARNING, w));
    }

    /** What {@link #build} will produce; carries the fallback warning text, if any. */
    public KindResolution resolution() {
        return resolution;
    }

    public IndexConfig config() {
        return config;
    }

    public VectorIndex build(long[] ids, float[] vectors, int dimension) {
        return build(new VectorTable(ids, vectors, dimension), BuildProgress.SILENT);
    }

    public VectorIndex build(VectorTable table) {
        return build(table, BuildProgress.SILENT);
    }

    public VectorIndex build(VectorTable table, BuildProgress progress) {
        IndexKind kind = resolution.effective();
        IndexConfig effective = config.withKind(kind);
        return kind.usesFaiss()
                ? FaissVectorIndex.build(table, effective, progress)
                : ExactVectorIndex.build(table, effective);
    }

    /** Loads a snapshot of any kind; search parameters come from this factory's config. */
    public VectorIndex load(Path snapshot) throws IOException {
        return load(snapshot, SnapshotExpectation.any());
    }

    public VectorIndex load(Path snapshot, SnapshotExpectation expected) throws IOException {
        SnapshotReader.Contents contents = SnapshotReader.open(snapshot);
        check(contents.info(), expected);
        IndexKind kind = contents.header().kind();
        if (kind.usesFaiss()) {
            if (!faiss.isAvailable()) {
                throw new IllegalStateException("snapshot " + contents.info().path() + " holds a FAISS " + kind
                        + " index but the FAISS library is unavailable: " + faiss.unavailableReason());
            }
            return FaissVectorIndex.load(contents, config.withKind(kind));
        }
        return ExactVectorIndex.load(contents, config.withKind(kind));
    }

    private static void check(SnapshotInfo info, SnapshotExpectation expected) throws CorruptSnapshotException {
        if (expected.modelVersion() != null && !expected.modelVersion().equals(info.modelVersion())) {
            throw new CorruptSnapshotException(info.path(), "written for model version '" + info.modelVersion()
                    + "', expected '" + expected.modelVersion() + "'");
        }
        if (expected.kind() != null && expected.kind() != info.kind()) {
            throw new CorruptSnapshotException(info.path(), "holds a " + info.kind() + " index, expected "
                    + expected.kind());
        }
        if (expected.dimension() != null && expected.dimension() != info.dimension()) {
            throw new CorruptSnapshotException(info.path(), "has dimension " + info.dimension() + ", expected "
                    + expected.dimension());
        }
    }

    private static KindResolution resolve(IndexConfig config, NativeAvailability faiss) {
        IndexKind requested = config.kind();
        if (!requested.isBuiltByFactory()) {
            throw new IllegalArgumentException(requested + " indexes come from their own adapter, not this factory");
        }
        if (!requested.usesFaiss() || faiss.isAvailable()) {
            return new KindResolution(requested, requested, Optional.empty());
        }
        String reason = faiss.unavailableReason();
        if (config.failIfUnavailable()) {
            throw new IllegalStateException("index kind " + requested
                    + " needs the FAISS native library, which is unavailable: " + reason);
        }
        String warning = "index kind " + requested + " needs the FAISS native library, which is unavailable ("
                + reason + "); falling back to EXACT (set failIfUnavailable to fail instead)";
        return new KindResolution(requested, IndexKind.EXACT, Optional.of(warning));
    }
}
