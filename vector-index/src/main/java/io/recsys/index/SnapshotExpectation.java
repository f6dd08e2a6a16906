package io.recsys.index;

/**
 * What a loader requires of a snapshot; null components accept anything. A snapshot that
 * differs is refused (CorruptSnapshotException naming the file and the mismatch).
 *
 * @param modelVersion required model version
 * @param kind         required index kind
 * @param dimension    required vector dimension
 */
public record SnapshotExpectation(String modelVersion, IndexKind kind, Integer dimension) {

    public static SnapshotExpectation any() {
        return new SnapshotExpectation(null, null, null);
    }

    public SnapshotExpectation withModelVersion(String value) {
        return new SnapshotExpectation(value, kind, dimension);
    }

    public SnapshotExpectation withKind(IndexKind value) {
        return new SnapshotExpectation(modelVersion, value, dimension);
    }

    public SnapshotExpectation withDimension(int value) {
        return new SnapshotExpectation(modelVersion, kind, value);
    }
}
