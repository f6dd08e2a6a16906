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

  /** Opens a bundle for serving; throws with a message naming the bad file. */
  @FunctionalInterface
  public interface Loader {
    ServingModel load(Path bundleDir) throws Exception;
  }

  /** What an announcement says: which version, where its bundle is. */
  public record Announcement(String version, Path bundleDir) {
  }

  /** What became of one announcement. */
  public enum Outcome { ROLLED_OUT, ALREADY_IN_SERVICE, REFUSED }

  private final ServingModelHolder models;
  private final Loader loader;
  private final Consumer<ServingModel> prepare;
  private final ScheduledExecutorService closer;
  private final Duration grace;
  private String lastRefused;

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

  /** Called on one thread (the announcement follower's); never throws. */
  public synchronized Outcome roll(Announcement next) {
    Optional<ServingModel> current = models.current();
    if (current.isPresent() && current.get().version().equals(next.version())) {
      return Outcome.ALREADY_IN_SERVICE;
    }
    if (next.version().equals(lastRefused)) {
      return Outcome.REFUSED; // refused once already: the files have not been fixed in between
    }
    String running = current.map(ServingModel::version).orElse("no model");
    long start = System.nanoTime();
    ServingModel loaded;
    try {
      loaded = loader.load(next.bundleDir());
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
        + " background", next.version(), running, next.bundleDir(),
        (System.nanoTime() - start) / 1_000_000);
    if (previous != null) {
      closer.schedule(() -> closeQuietly(previous), grace.toMillis(), TimeUnit.MILLISECONDS);
    }
    return Outcome.ROLLED_OUT;
  }

  private Outcome refuse(Announcement next, String running, String reason) {
    lastRefused = next.version();
    log.error("Refused model {} from {}: {}. {} stays in service.", next.version(),
        next.bundleDir(), reason, running);
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
