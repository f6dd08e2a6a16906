package io.recsys.sync.snapshot;

import io.recsys.index.IndexKind;
import io.recsys.index.SnapshotInfo;

/**
 * One snapshot of a model version, as found or built.
 *
 * @param requested the kind asked for in the configuration
 * @param info      the file (its kind is what was built: EXACT when FAISS is missing)
 * @param builtNow  false when a valid snapshot was already in place and was kept
 */
public record SnapshotSet(IndexKind requested, SnapshotInfo info, boolean builtNow) {
}
