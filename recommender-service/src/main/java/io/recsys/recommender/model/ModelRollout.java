package io.recsys.recommender.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts an announced model version in service: loads and checks its bundle off the query path,
 * gives it the current filter metadata, swaps it in atomically and closes the previous model
 * only after a grace period, since queries that took it before the swap may still use it. A
 * bundle that is missing, truncated, corrupt or not the announced version is refused and the
 * running model stays in service.
 */
public final class ModelRollout {

  private static final Logger log = LoggerFactory.getLogger(ModelRollout.class);

  /** Opens an announced bundle (with its snapshot, if any) for serving; throws naming the bad file. */
  @FunctionalInterface
  public interface Loader {
    ServingModel load(Announcement announcement) throws Exception;
  }

  /**
   * What the announcements say: which version, where its bundle is and, once the sync worker
   * has announced it, the snapshot file of its index (null: build the index from the bundle).
   *
   * @param snapshotChecksum the announced SHA-256 of the snapshot: a snapshot refused once is
   *                         tried again only when a different file is announced
   */
  public record Announcement(String version, Path bundleDir, Path snapshot,
                             String snapshotChecksum) {

    public Announcement(String version, Path bundleDir) {
      this(version, bundleDir, null, null);
    }

    public Announcement withSnapshot(Path file, String checksum) {
      return new Announcement(version, bundleDir, file, checksum);
    }

    String source() {
      return snapshot == null ? bundleDir.toString() : bundleDir + " and " + snapshot;
    }
  }

  /** What became of one announcement. */
  public enum Outcome { ROLLED_OUT, ALREADY_IN_SERVICE, REFUSED }

  private final ServingModelHolder models;
  private final Loader loader;
  private final Consumer<ServingModel> prepare;
  private final ScheduledExecutorService closer;
  private final Duration grace;
  private Announcement lastRefused;

  /**
   * @param prepare gets the new model before it serves (e.g. the catalogue's filter metadata)
   * @param closer  runs the delayed close of replaced models
   */
  public ModelRollout(ServingModelHolder models, Loader loader, Consumer<ServingModel> prepare,
                      ScheduledExecutorService closer, Duration grace) {
    this.models = models;
    this.loader = loader;
    this.prepare = prepare;
    this.closer = closer;
    this.grace = grace;
  }

  /** Whether this version serves now. */
  public boolean inService(String version) {
    return models.current().map(m -> m.version().equals(version)).orElse(false);
  }

  /** Never throws; one rollout at a time. */
  public synchronized Outcome roll(Announcement next) {
    if (inService(next.version())) {
      return Outcome.ALREADY_IN_SERVICE;
    }
    if (next.equals(lastRefused)) {
      return Outcome.REFUSED; // refused once already: the same files were announced again
    }
    Optional<ServingModel> current = models.current();
    String running = current.map(ServingModel::version).orElse("no model");
    long start = System.nanoTime();
    ServingModel loaded;
    try {
      loaded = loader.load(next);
    } catch (Exception e) {
      return refuse(next, running, e.getMessage());
    }
    if (!loaded.version().equals(next.version())) {
      closeQuietly(loaded);
      return refuse(next, running, "the bundle at " + next.bundleDir() + " is version "
          + loaded.version() + ", not the one announced");
    }
    try {
      prepare.accept(loaded);
    } catch (RuntimeException e) {
      closeQuietly(loaded);
      return refuse(next, running, "preparing it failed: " + e.getMessage());
    }
    ServingModel previous = models.swap(loaded);
    lastRefused = null;
    log.info("Model {} in service (was {}), loaded from {} in {} ms; users are re-encoded in the"
        + " background", next.version(), running, next.source(),
        (System.nanoTime() - start) / 1_000_000);
    if (previous != null) {
      closer.schedule(() -> closeQuietly(previous), grace.toMillis(), TimeUnit.MILLISECONDS);
    }
    return Outcome.ROLLED_OUT;
  }

  private Outcome refuse(Announcement next, String running, String reason) {
    lastRefused = next;
    log.error("Refused model {} from {}: {}. {} stays in service.", next.version(),
        next.source(), reason, running);
    return Outcome.REFUSED;
  }

  private static void closeQuietly(ServingModel model) {
    if (model instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        log.warn("Closing model {} failed: {}", model.version(), e.toString());
      }
    }
  }
}
