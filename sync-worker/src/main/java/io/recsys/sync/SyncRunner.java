package io.recsys.sync;

import io.recsys.schemas.avro.ModelVersion;
import io.recsys.sync.metadata.ItemMetadataStore;
import io.recsys.qdrant.ItemPayload;
import io.recsys.sync.retry.Backoff;
import io.recsys.sync.rollout.ItemVectorStore;
import io.recsys.sync.rollout.ModelRollout;
import io.recsys.sync.rollout.ModelVersionTracker;
import io.recsys.sync.rollout.RolloutReport;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs rollouts and reconciles one at a time on a single thread, so they never race. A new
 * model version triggers a rollout of the newest known one; a failed rollout is retried after
 * a growing backoff until it succeeds or a newer version supersedes it; a reconcile re-runs the
 * (idempotent) rollout of the newest version, repairing whatever drifted.
 */
public final class SyncRunner implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("sync_service");

  /** The outcome of the latest run, for health and /sync. */
  public record LastRun(String trigger, Instant at, boolean ok, String detail) {
  }

  private final ModelVersionTracker tracker;
  private final ModelRollout rollout;
  private final ItemMetadataStore metadata;
  private final boolean needsMetadata;
  private final Duration metadataWait;
  private final Backoff backoff;
  private final SyncMetrics metrics;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "sync-runner");
    t.setDaemon(true);
    return t;
  });
  private final AtomicReference<LastRun> lastRun = new AtomicReference<>();
  private int consecutiveFailures;
  private ScheduledFuture<?> retry;

  public SyncRunner(ModelVersionTracker tracker, ModelRollout rollout, ItemMetadataStore metadata,
                    boolean needsMetadata, Duration metadataWait, Backoff backoff,
                    SyncMetrics metrics) {
    this.tracker = tracker;
    this.rollout = rollout;
    this.metadata = metadata;
    this.needsMetadata = needsMetadata;
    this.metadataWait = metadataWait;
    this.backoff = backoff;
    this.metrics = metrics;
  }

  /** Reconciles every {@code interval} from now on; zero or negative turns it off. */
  public void scheduleReconcile(Duration interval) {
    if (interval.isZero() || interval.isNegative()) {
      LOG.info("scheduled reconcile is off");
      return;
    }
    executor.scheduleWithFixedDelay(() -> reconcileOnThisThread("scheduled"), interval.toMillis(),
        interval.toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("reconcile scheduled every {}", interval);
  }

  /**
   * Writes changed payloads to the store every {@code debounce}: changes arriving meanwhile
   * are coalesced, and a failed write puts them back for the next round.
   */
  public void schedulePayloadUpdates(ItemVectorStore store, Duration debounce) {
    metrics.watchPending(metadata);
    executor.scheduleWithFixedDelay(() -> flushPayloads(store), debounce.toMillis(),
        debounce.toMillis(), TimeUnit.MILLISECONDS);
  }

  void flushPayloads(ItemVectorStore store) {
    if (!store.hasCurrent() || metadata.changedCount() == 0) {
      return; // a rollout writes full payloads anyway
    }
    Set<Long> ids = metadata.drainChanged();
    Map<Long, ItemPayload> payloads = new HashMap<>();
    ids.forEach(id -> payloads.put(id, metadata.payloadOf(id)));
    try {
      long written = store.updatePayloads(payloads);
      metrics.payloadsUpdated(written);
      LOG.info("payload update: {} changed movie(s), {} written to the current collection",
          ids.size(), written);
    } catch (InterruptedException e) {
      metadata.restoreChanged(ids);
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      metadata.restoreChanged(ids);
      metrics.failed("payload-update", Duration.ZERO, e);
      LOG.warn("payload update of {} movie(s) failed, kept for the next round: {}", ids.size(),
          e.toString());
    }
  }

  /** A new version may be pending: roll out the newest (soon, on the runner thread). */
  public void modelAnnounced(ModelVersion version) {
    tracker.offer(version);
    kick();
  }

  /** Records a version without starting a rollout: while catching up on the topic at start-up. */
  public void remember(ModelVersion version) {
    tracker.offer(version);
  }

  /** Rolls out the newest remembered version if it is not in place yet. */
  public void kick() {
    executor.execute(this::rolloutPending);
  }

  /** Runs a reconcile now (after any run in progress); completes with its report, if any. */
  public CompletableFuture<Optional<RolloutReport>> reconcileNow(String trigger) {
    return CompletableFuture.supplyAsync(() -> reconcileOnThisThread(trigger), executor);
  }

  public Optional<LastRun> lastRun() {
    return Optional.ofNullable(lastRun.get());
  }

  public ModelVersionTracker tracker() {
    return tracker;
  }

  private void rolloutPending() {
    Optional<ModelVersion> pending = tracker.pending();
    if (pending.isEmpty()) {
      return;
    }
    if (retry != null) {
      retry.cancel(false);
      retry = null;
    }
    ModelVersion version = pending.get();
    if (run("rollout", version).isPresent()) {
      tracker.markRolledOut(version.getModelId());
      consecutiveFailures = 0;
    } else {
      consecutiveFailures++;
      Duration wait = backoff.delayAfter(consecutiveFailures);
      LOG.warn("rollout of model {} will be retried in {} ms (failure {} in a row)",
          version.getModelId(), wait.toMillis(), consecutiveFailures);
      retry = executor.schedule(this::rolloutPending, wait.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private Optional<RolloutReport> reconcileOnThisThread(String trigger) {
    Optional<ModelVersion> latest = tracker.latest();
    if (latest.isEmpty()) {
      LOG.info("{} reconcile: no model version announced yet, nothing to do", trigger);
      lastRun.set(new LastRun(trigger, Instant.now(), true, "no model version announced yet"));
      return Optional.empty();
    }
    Optional<RolloutReport> report = run(trigger, latest.get());
    report.ifPresent(r -> {
      tracker.markRolledOut(r.modelId());
      consecutiveFailures = 0;
    });
    return report;
  }

  private Optional<RolloutReport> run(String trigger, ModelVersion version) {
    long start = System.nanoTime();
    try {
      if (needsMetadata && !metadata.awaitCaughtUp(metadataWait)) {
        LOG.warn("catalog/item-stats not read to the end after {}; payloads may be incomplete "
            + "until the next reconcile", metadataWait);
      }
      RolloutReport report = rollout.run(version, tracker.idsOldestFirst());
      metrics.succeeded(trigger, report);
      lastRun.set(new LastRun(trigger, Instant.now(), true, summary(report)));
      LOG.info("{} of model {}: {}", trigger, version.getModelId(), summary(report));
      return Optional.of(report);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (Exception | LinkageError e) {
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      metrics.failed(trigger, took, e);
      lastRun.set(new LastRun(trigger, Instant.now(), false, e.getMessage()));
      // the stack once per streak of failures; retries repeat only the message
      if (consecutiveFailures == 0) {
        LOG.error("{} of model {} failed after {} ms: {}", trigger, version.getModelId(),
            took.toMillis(), e.toString(), e);
      } else {
        LOG.error("{} of model {} failed again after {} ms: {}", trigger, version.getModelId(),
            took.toMillis(), e.toString());
      }
      return Optional.empty();
    }
  }

  static String summary(RolloutReport r) {
    StringBuilder s = new StringBuilder().append(r.snapshots().size()).append(" snapshot(s), ")
        .append(r.snapshotsBuilt()).append(" built, ").append(r.announced()).append(" announced");
    if (r.store() != null) {
      s.append("; qdrant ").append(r.store().target()).append(": ")
          .append(r.store().pointsWritten()).append(" points written")
          .append(r.store().aliasSwapped() ? ", alias swapped" : "")
          .append(r.store().deleted().isEmpty() ? "" : ", deleted " + r.store().deleted());
    }
    return s.append("; ").append(r.durationMillis()).append(" ms").toString();
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
