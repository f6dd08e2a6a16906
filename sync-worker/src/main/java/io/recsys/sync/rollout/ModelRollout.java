package io.recsys.sync.rollout;

import io.recsys.schemas.avro.IndexSnapshot;
import io.recsys.schemas.avro.ModelVersion;
import io.recsys.sync.bundle.BundleItems;
import io.recsys.sync.bundle.BundleItemsReader;
import io.recsys.sync.bundle.InvalidBundleException;
import io.recsys.sync.metadata.ItemMetadataStore;
import io.recsys.sync.snapshot.SnapshotBuilder;
import io.recsys.sync.snapshot.SnapshotSet;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts one model version in place, step by idempotent step: reads its bundle, makes sure
 * every configured snapshot exists and is valid, announces each snapshot not yet announced by
 * this process, then brings the item vector store (Qdrant) in step. A run interrupted anywhere
 * is simply run again; finished steps are found done and skipped.
 */
public final class ModelRollout {

  private static final Logger LOG = LoggerFactory.getLogger(ModelRollout.class);

  private final SnapshotBuilder snapshots;
  private final SnapshotAnnouncer announcer;
  private final ItemVectorStore store;
  private final ItemMetadataStore metadata;
  private final Clock clock;
  // (model id, checksum) pairs already announced, so retries and reconciles do not repeat them
  private final Set<String> announced = ConcurrentHashMap.newKeySet();

  /** @param store null when no vector store is kept in step */
  public ModelRollout(SnapshotBuilder snapshots, SnapshotAnnouncer announcer, ItemVectorStore store,
                      ItemMetadataStore metadata, Clock clock) {
    this.snapshots = snapshots;
    this.announcer = announcer;
    this.store = store;
    this.metadata = metadata;
    this.clock = clock;
  }

  public RolloutReport run(ModelVersion version, List<String> idsOldestFirst) throws Exception {
    long start = clock.millis();
    String modelId = version.getModelId();
    BundleItems bundle = BundleItemsReader.read(Path.of(version.getBundlePath()));
    if (!modelId.equals(bundle.modelVersion()) && !modelId.equals(bundle.contentHash())) {
      throw new InvalidBundleException(bundle.dir(), "holds model " + bundle.modelVersion()
          + " (content hash " + bundle.contentHash() + "), but was announced as " + modelId);
    }
    LOG.info("rollout of model {}: {} items x {} from {}", bundle.modelVersion(), bundle.size(),
        bundle.dimension(), bundle.dir());
    List<SnapshotSet> sets = snapshots.ensure(bundle);
    int announcedNow = 0;
    for (SnapshotSet set : sets) {
      String key = modelId + "/" + set.info().sha256();
      if (!announced.contains(key)) {
        IndexSnapshot record = SnapshotAnnouncements.of(modelId, set.info(), clock.instant());
        announcer.announce(record);
        announced.add(key);
        announcedNow++;
        LOG.info("announced snapshot {} of model {} on index-snapshots: {}", set.info().kind(),
            modelId, set.info().path());
      }
    }
    ItemVectorStore.StoreSync synced = null;
    if (store != null) {
      List<String> versions = new ArrayList<>(idsOldestFirst);
      if (!versions.contains(bundle.modelVersion())) {
        versions.add(bundle.modelVersion());
      }
      synced = store.sync(bundle, metadata::payloadOf, versions);
    }
    long took = clock.millis() - start;
    LOG.info("rollout of model {} done in {} ms: {} snapshot(s) built, {} announced{}", modelId,
        took, sets.stream().filter(SnapshotSet::builtNow).count(), announcedNow,
        synced == null ? "" : ", qdrant " + synced.target() + " (" + synced.pointsWritten()
            + " points written)");
    return new RolloutReport(modelId, bundle.modelVersion(), sets, announcedNow, synced, took);
  }
}
