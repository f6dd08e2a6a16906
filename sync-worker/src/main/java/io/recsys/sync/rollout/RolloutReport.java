package io.recsys.sync.rollout;

import io.recsys.sync.rollout.ItemVectorStore.StoreSync;
import io.recsys.sync.snapshot.SnapshotSet;
import java.util.List;

/**
 * What one rollout or reconcile run did.
 *
 * @param modelId       the model announced
 * @param modelVersion  the bundle's version
 * @param snapshots     each snapshot, built now or kept
 * @param announced     snapshots announced on index-snapshots by this run
 * @param store         the Qdrant step, null when Qdrant is disabled
 * @param durationMillis wall time of the run
 */
public record RolloutReport(String modelId, String modelVersion, List<SnapshotSet> snapshots,
                            int announced, StoreSync store, long durationMillis) {

  public long snapshotsBuilt() {
    return snapshots.stream().filter(SnapshotSet::builtNow).count();
  }
}
