package io.recsys.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.recsys.sync.metadata.ItemMetadataStore;
import io.micrometer.core.instrument.Timer;
import io.recsys.sync.rollout.RolloutReport;
import java.time.Duration;

/**
 * The worker's own meters (CPU, memory and disk come from Spring Boot's standard meters):
 * run duration by trigger and outcome, points written to Qdrant, snapshots built, failures.
 */
public final class SyncMetrics {

  private final MeterRegistry registry;
  private final Counter pointsWritten;
  private final Counter snapshotsBuilt;
  private final Counter payloadsUpdated;

  public SyncMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.pointsWritten = Counter.builder("recsys.sync.points.written")
        .description("Points upserted into Qdrant").register(registry);
    this.snapshotsBuilt = Counter.builder("recsys.sync.snapshots.built")
        .description("Index snapshot files written").register(registry);
    this.payloadsUpdated = Counter.builder("recsys.sync.payloads.updated")
        .description("Qdrant payloads rewritten after catalog or item-stats changes")
        .register(registry);
  }

  /** Payload changes waiting to be written (they stay while Qdrant is unreachable). */
  public void watchPending(ItemMetadataStore metadata) {
    Gauge.builder("recsys.sync.payloads.pending", metadata, ItemMetadataStore::changedCount)
        .description("Movies whose changed payload is not yet in Qdrant").register(registry);
  }

  public void payloadsUpdated(long count) {
    payloadsUpdated.increment(count);
  }

  public void succeeded(String trigger, RolloutReport report) {
    timer(trigger, "success").record(Duration.ofMillis(report.durationMillis()));
    snapshotsBuilt.increment(report.snapshotsBuilt());
    if (report.store() != null) {
      pointsWritten.increment(report.store().pointsWritten());
    }
  }

  public void failed(String trigger, Duration took, Throwable error) {
    timer(trigger, "failure").record(took);
    Counter.builder("recsys.sync.failures").description("Failed rollout and reconcile runs")
        .tag("trigger", trigger).tag("error", error.getClass().getSimpleName())
        .register(registry).increment();
  }

  private Timer timer(String trigger, String outcome) {
    return Timer.builder("recsys.sync.run.duration")
        .description("Wall time of rollout and reconcile runs")
        .tag("trigger", trigger).tag("outcome", outcome).register(registry);
  }
}
