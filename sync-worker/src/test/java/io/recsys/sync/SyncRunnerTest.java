package io.recsys.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.index.IndexKind;
import io.recsys.schemas.avro.ItemStats;
import io.recsys.schemas.avro.ModelVersion;
import io.recsys.sync.metadata.ItemMetadataStore;
import io.recsys.sync.retry.Backoff;
import io.recsys.sync.rollout.ModelRollout;
import io.recsys.sync.rollout.ModelVersionTracker;
import io.recsys.sync.rollout.RolloutReport;
import io.recsys.sync.snapshot.SnapshotBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncRunnerTest {

  @TempDir
  Path dir;

  private final RecordingStore store = new RecordingStore();
  private final ItemMetadataStore metadata = new ItemMetadataStore();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private SyncRunner runner;

  private SyncRunner runner() {
    metadata.markCaughtUp();
    ModelRollout rollout = new ModelRollout(
        new SnapshotBuilder(dir.resolve("snapshots"), List.of(IndexKind.EXACT), false),
        snapshot -> { }, store, metadata, Clock.systemUTC());
    runner = new SyncRunner(new ModelVersionTracker(), rollout, metadata, true,
        Duration.ofSeconds(1), new Backoff(Duration.ofMillis(5), Duration.ofMillis(20)),
        new SyncMetrics(registry));
    return runner;
  }

  @AfterEach
  void close() {
    if (runner != null) {
      runner.close();
    }
  }

  private ModelVersion announced(Path bundle) throws Exception {
    return ModelVersion.newBuilder().setModelId(TestBundles.versionOf(bundle))
        .setBundlePath(bundle.toString()).setNumItems(10).setDimension(4)
        .setCreatedAt(Instant.now()).build();
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 20 s: " + what);
      }
      LockSupport.parkNanos(2_000_000); // polls the condition; the deadline bounds the wait
    }
  }

  @Test
  void aFailedRolloutIsRetriedWithBackoffUntilTheStoreIsBack() throws Exception {
    SyncRunner runner = runner();
    store.failWith = new IllegalStateException("qdrant down");
    ModelVersion version = announced(TestBundles.synthetic(dir.resolve("b"), 10, 4, 1));
    runner.modelAnnounced(version);
    await(() -> registry.find("recsys.sync.failures").counter() != null
        && registry.find("recsys.sync.failures").counter().count() >= 2, "two failures");
    assertThat(runner.tracker().rolledOut()).isEmpty();
    assertThat(runner.lastRun()).hasValueSatisfying(r -> assertThat(r.ok()).isFalse());

    store.failWith = null;
    await(() -> runner.tracker().rolledOut().isPresent(), "rolled out after recovery");
    assertThat(runner.tracker().rolledOut()).contains(version.getModelId());
    assertThat(store.synced).contains(version.getModelId());
  }

  @Test
  void reconcileRerunsTheNewestVersionAndReportsWhatItFound() throws Exception {
    SyncRunner runner = runner();
    assertThat(runner.reconcileNow("test").get(20, TimeUnit.SECONDS)).isEmpty();
    ModelVersion version = announced(TestBundles.synthetic(dir.resolve("b"), 10, 4, 2));
    runner.modelAnnounced(version);
    Optional<RolloutReport> report = runner.reconcileNow("test").get(20, TimeUnit.SECONDS);
    assertThat(report).hasValueSatisfying(r -> {
      assertThat(r.modelId()).isEqualTo(version.getModelId());
      assertThat(r.snapshotsBuilt()).isZero(); // the rollout before it built it
    });
  }

  @Test
  void changedPayloadsAreWrittenTogetherAndKeptWhenTheStoreFails() throws Exception {
    SyncRunner runner = runner();
    runner.modelAnnounced(announced(TestBundles.synthetic(dir.resolve("b"), 10, 4, 3)));
    await(store::hasCurrent, "a version in place");
    metadata.drainChanged();

    metadata.apply(stats(1001, 3, 4.0));
    metadata.apply(stats(1001, 4, 4.5));
    metadata.apply(stats(1002, 1, 2.0));
    store.failWith = new IllegalStateException("qdrant down");
    runner.flushPayloads(store);
    assertThat(store.payloads).isEmpty();
    assertThat(metadata.changedCount()).isEqualTo(2);

    store.failWith = null;
    runner.flushPayloads(store);
    assertThat(store.payloads).containsOnlyKeys(1001L, 1002L);
    assertThat(store.payloads.get(1001L).averageRating()).isEqualTo(4.5);
    assertThat(store.payloads.get(1001L).ratingCount()).isEqualTo(4);
    assertThat(metadata.changedCount()).isZero();
    assertThat(registry.find("recsys.sync.payloads.updated").counter().count()).isEqualTo(2);
  }

  private static ItemStats stats(long movie, long count, double avg) {
    return ItemStats.newBuilder().setMovieId(movie).setInteractionCount(count).setRatingCount(count)
        .setRatingSum(avg * count).setAverageRating(avg).setUpdatedAt(Instant.EPOCH).build();
  }
}
