package io.recsys.index.snapshot;

import java.io.IOException;
import java.nio.file.Path;

/** A snapshot that is truncated, damaged or not what the caller expected; names file and fault. */
public final class CorruptSnapshotException extends IOException {

    private final transient Path path;

    public CorruptSnapshotException(Path path, String problem) {
        super("refusing snapshot " + path + ": " + problem);
        this.path = path;
    }

    public CorruptSnapshotException(Path path, String problem, Throwable cause) {
        super("refusing snapshot " + path + ": " + problem, cause);
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
