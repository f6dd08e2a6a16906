package io.recsys.index;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a snapshot file holds, from its header and trailer; what the sync worker publishes
 * on the index-snapshots topic.
 *
 * @param path         the file
 * @param kind         index kind
 * @param modelVersion the model whose item vectors were indexed
 * @param dimension    vector dimension
 * @param count        number of vectors
 * @param parameters   build/search parameters (kind specific)
 * @param sha256       hex SHA-256 of the file up to its trailer
 * @param sizeBytes    file size
 * @param createdAt    ISO-8601 instant the snapshot was written
 */
public record SnapshotInfo(
        Path path,
        IndexKind kind,
        String modelVersion,
        int dimension,
        int count,
        Map<String, Object> parameters,
        String sha256,
        long sizeBytes,
        String createdAt) {

    /**
     * The file name of a model version's snapshot of one kind, {@code <version>.<kind>.snapshot}:
     * the sync worker writes under it and recommenders look for it in the same directory.
     */
    public static String fileName(String modelVersion, IndexKind kind) {
        return modelVersion + "." + kind.key() + ".snapshot";
    }
}
