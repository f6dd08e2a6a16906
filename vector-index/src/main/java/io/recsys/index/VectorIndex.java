package io.recsys.index;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The one port for top-k inner-product search over item vectors. Built by
 * {@link VectorIndexFactory} (from vectors or a snapshot); immutable afterwards, so any
 * number of threads may search concurrently. Using an index after {@link #close()} throws
 * IllegalStateException.
 */
public interface VectorIndex extends AutoCloseable {

    IndexKind kind();

    /** The configuration it was built or loaded with (search parameters apply per query). */
    IndexConfig config();

    int dimension();

    int size();

    /** Item ids by dense position; filters built over it apply without translation. */
    IdMapping ids();

    /** Top k by inner product; fewer when the index holds fewer. */
    default SearchResult search(float[] query, int k) {
        return search(query, k, null);
    }

    /**
     * Top k among the items the filter allows (null allows all). Exact kinds return exactly
     * the allowed top k at any selectivity; approximate kinds are exact whenever the filter is
     * selective enough for an exact scan (see {@link SearchPlan}).
     *
     * @throws IllegalArgumentException when the query length differs from {@link #dimension()}
     *                                  or k is not positive
     * @throws IllegalStateException    after close
     */
    SearchResult search(float[] query, int k, IdFilter filter);

    /**
     * Writes a snapshot atomically (temporary file in the same directory, fsync, rename) with
     * a header and a SHA-256 trailer; {@link VectorIndexFactory#load} reads it back.
     */
    SnapshotInfo save(Path file, String modelVersion) throws IOException;

    boolean isClosed();

    /** Frees native memory; idempotent. */
    @Override
    void close();
}
