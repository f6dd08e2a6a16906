package io.recsys.index.snapshot;

import io.recsys.index.IndexKind;

import java.util.Map;

/**
 * The JSON header at the start of every snapshot file.
 *
 * @param kind          index kind
 * @param modelVersion  model whose vectors were indexed
 * @param dimension     vector dimension
 * @param count         vectors (and ids) stored
 * @param parameters    kind-specific parameters
 * @param payload       what follows the ids: {@link #PAYLOAD_FLOAT_ROWS} or {@link #PAYLOAD_FAISS}
 * @param createdAt     ISO-8601 instant
 */
public record SnapshotHeader(
        IndexKind kind,
        String modelVersion,
        int dimension,
        int count,
        Map<String, Object> parameters,
        String payload,
        String createdAt) {

    /** count x dimension little-endian float32, row-major. */
    public static final String PAYLOAD_FLOAT_ROWS = "float32-rows";
    /** faiss::write_index output. */
    public static final String PAYLOAD_FAISS = "faiss-index";

    public SnapshotHeader {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        modelVersion = modelVersion == null ? "" : modelVersion;
    }
}
