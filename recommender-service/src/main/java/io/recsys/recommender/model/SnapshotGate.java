package io.recsys.recommender.model;

import io.recsys.index.IndexKind;
import io.recsys.recommender.model.ModelRollout.Announcement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a model announcement back until the sync worker announces the snapshot of its index,
 * so that every recommender serves the worker's index file instead of building its own. When
 * no snapshot of the wanted kind comes within the wait (no worker running, or one building
 * other kinds) the model goes into service with an index built from its bundle. A snapshot that
 * is refused (corrupt, truncated, of another model) keeps the running model in service until a
 * different file is announced for the version. Only the newest model announcement counts.
 */
public final class SnapshotGate {

  private static final Logger log = LoggerFactory.getLogger(SnapshotGate.class);
  private static final int VERSIONS_REMEMBERED = 16;

  private record Snapshot(Path file, String checksum) {
  }

  private final ModelRollout rollout;
  private final IndexKind kind;
  private final Path snapshotDir;
  private final Duration wait;
  private final ScheduledExecutorService timer;
  private final Map<String, Snapshot> snapshots = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Snapshot> eldest) {
      return size() > VERSIONS_REMEMBERED;
    }
  };
  private Announcement newest;

  /**
   * @param kind        the index kind this instance serves; snapshots of other kinds are ignored
   * @param snapshotDir where this instance reads snapshot files (the announced file's name is
   *                    looked up here, so the directory may be mounted elsewhere than the
   *                    worker's); null turns the gate off: models roll out at once, index built
   * @param timer       runs the end of the wait
   */
  public SnapshotGate(ModelRollout rollout, IndexKind kind, Path snapshotDir, Duration wait,
                      ScheduledExecutorService timer) {
    this.rollout = rollout;
    this.kind = kind;
    this.snapshotDir = snapshotDir;
    this.wait = wait;
    this.timer = timer;
  }

  /** A model version was announced on {@code model-versions}. */
  public synchronized void modelAnnounced(Announcement model) {
    newest = model;
    if (snapshotDir == null || rollout.inService(model.version())) {
      rollout.roll(model);
      return;
    }
    Snapshot snapshot = snapshots.get(model.version());
    if (snapshot != null) {
      rollout.roll(model.withSnapshot(snapshot.file(), snapshot.checksum()));
      return;
    }
    log.info("Model {} announced; waiting up to {} s for the sync worker's {} snapshot of it",
        model.version(), seconds(wait), kind.key());
    timer.schedule(() -> waitEnded(model), wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A snapshot file was announced on {@code index-snapshots}. */
  public synchronized void snapshotAnnounced(String modelVersion, IndexKind snapshotKind,
                                             Path announcedFile, String checksum) {
    if (snapshotDir == null || snapshotKind != kind || announcedFile.getFileName() == null) {
      return;
    }
    Snapshot snapshot = new Snapshot(snapshotDir.resolve(announcedFile.getFileName()), checksum);
    snapshots.put(modelVersion, snapshot);
    if (newest != null && newest.version().equals(modelVersion)
        && !rollout.inService(modelVersion)) {
      rollout.roll(newest.withSnapshot(snapshot.file(), snapshot.checksum()));
    }
  }

  private synchronized void waitEnded(Announcement model) {
    if (model != newest || rollout.inService(model.version())
        || snapshots.containsKey(model.version())) {
      return; // superseded, done, or its snapshot came (and was used or refused)
    }
    log.warn("No {} snapshot of model {} was announced within {} s (is the sync worker running,"
        + " with {} among SNAPSHOT_KINDS?); building the index from the bundle", kind.key(),
        model.version(), seconds(wait), kind.key());
    rollout.roll(model);
  }

  private static String seconds(Duration d) {
    return java.math.BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
  }
}
