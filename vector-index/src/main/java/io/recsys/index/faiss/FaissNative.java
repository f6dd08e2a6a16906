package io.recsys.index.faiss;

/**
 * The JNI surface of librecsys_faiss.so (src/main/native). Handles are pointers to a native
 * NativeIndex; {@link FaissVectorIndex} owns them and guards against use after free. Native
 * failures arrive as IllegalArgumentException / IllegalStateException / OutOfMemoryError.
 */
final class FaissNative {

    static final int KIND_FLAT = 1;
    static final int KIND_IVF_FLAT = 2;
    static final int KIND_HNSW = 3;

    private FaissNative() {
    }

    static native String faissVersion();

    static native long create(int kind, int dimension, int hnswM, int hnswEfConstruction, int ivfNlist, long seed);

    /** IVF only: k-means on count row-major vectors. */
    static native void train(long handle, float[] vectors, int count, int threads);

    /** Adds rows [firstRow, firstRow + count) of a row-major array; positions continue from the last add. */
    static native void add(long handle, float[] vectors, int firstRow, int count, int threads);

    /**
     * HNSW only, after the last add and before {@link #finishBuild}: renumbers the rows so that
     * near vectors share memory pages. Returns the old position of each new position, or null
     * when the index kept its order (other kinds, small tables).
     */
    static native int[] reorderForLocality(long handle, long seed, int threads);

    /** Call after the last add, before searching. */
    static native void finishBuild(long handle);

    /**
     * Index search; param is efSearch (HNSW) or nprobe (IVF). allowed is a position bitmap or
     * null. Writes best-first scores and positions, returns how many.
     */
    static native int search(long handle, float[] query, int k, int param, long[] allowed,
                             float[] scores, int[] positions);

    /** Exact top k over the allowed positions, reading the stored vectors. */
    static native int searchAllowedExactly(long handle, float[] query, int k, long[] allowed,
                                           float[] scores, int[] positions);

    /** Appends faiss::write_index output to the file. */
    static native void appendTo(long handle, String path);

    /** faiss::read_index from the file starting at offset; returns a new handle. */
    static native long readFrom(String path, long offset);

    static native int kind(long handle);

    static native long count(long handle);

    static native int dimension(long handle);

    static native void free(long handle);
}
