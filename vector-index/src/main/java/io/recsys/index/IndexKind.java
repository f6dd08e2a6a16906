package io.recsys.index;

import java.util.Locale;

/** The kinds of index the factory can build; all but EXACT need the FAISS library. */
public enum IndexKind {
    /** Brute force in Java; always available, the oracle for the others. */
    EXACT(false),
    /** FAISS IndexFlatIP: brute force in native code, exact. */
    FLAT(true),
    /** FAISS IndexIVFFlat: k-means lists, nprobe of them scanned per query. */
    IVF_FLAT(true),
    /** FAISS IndexHNSWFlat: a navigable small-world graph. */
    HNSW(true),
    /** A Qdrant collection; its adapter lives with the services, this factory cannot build it. */
    QDRANT(false);

    private final boolean faiss;

    IndexKind(boolean faiss) {
        this.faiss = faiss;
    }

    public boolean usesFaiss() {
        return faiss;
    }

    /** Whether results equal brute force (up to float rounding). */
    public boolean isExact() {
        return this == EXACT || this == FLAT;
    }

    /** Whether {@link VectorIndexFactory} builds and loads this kind. */
    public boolean isBuiltByFactory() {
        return this != QDRANT;
    }

    /** Lower-case name as used in configuration and benchmark keys ("ivf_flat"). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Accepts "hnsw", "IVF_FLAT", "ivf-flat", "ivf". */
    public static IndexKind parse(String text) {
        String normal = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (normal.equals("IVF")) {
            return IVF_FLAT;
        }
        try {
            return valueOf(normal);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown index kind '" + text + "'; expected one of exact, flat, ivf_flat, hnsw, qdrant", e);
        }
    }
}
