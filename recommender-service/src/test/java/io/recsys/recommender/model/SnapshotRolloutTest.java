package io.recsys.recommender.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.index.IndexKind;
import io.recsys.index.SnapshotInfo;
import io.recsys.index.filter.FilterSpec;
import io.recsys.recommender.e2e.ReferenceBundle;
import io.recsys.recommender.model.ModelRollout.Announcement;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Rollouts that take the item index from the sync worker's snapshot file (real bundles of the
 * reference fixture, real snapshot files): waiting for it, falling back to the bundle when none
 * comes, and refusing a corrupt or foreign one while the running model stays.
 */
@ExtendWith(OutputCaptureExtension.class)
class SnapshotRolloutTest {

  @TempDir
  Path dir;

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private ServingModelHolder models;
  private ModelRollout rollout;
  private GsasrecServingModel initial;
  private Path snapshots;
  private Path second;
  private String secondVersion;

  @BeforeEach
  void twoBundles() throws IOException {
    Path first = ReferenceBundle.write(dir.resolve("first"));
    second = ReferenceBundle.writeSecond(dir.resolve("second"));
    try (GsasrecServingModel model = ModelLoader.load(second, "EXACT")) {
      secondVersion = model.version();
    }
    snapshots = Files.createDirectories(dir.resolve("snapshots"));
    initial = ModelLoader.load(first, "EXACT");
    models = new ServingModelHolder(initial);
    rollout = new ModelRollout(models, ModelLoader.rolloutLoader("EXACT"), m -> { }, timer,
        Duration.ZERO);
  }

  @AfterEach
  void close() throws Exception {
    timer.shutdownNow(); // pending waits are dropped, not run
    timer.awaitTermination(10, TimeUnit.SECONDS);
    if (models.current().orElse(null) instanceof AutoCloseable c) {
      c.close();
    }
  }

  private SnapshotGate gate(Duration wait) {
    return new SnapshotGate(rollout, IndexKind.EXACT, snapshots, wait, timer);
  }

  /** The snapshot the sync worker would write for a bundle, in the worker's own directory. */
  private SnapshotInfo writeSnapshot(Path bundle, Path workerDir) throws IOException {
    Files.createDirectories(workerDir);
    try (GsasrecServingModel model = ModelLoader.load(bundle, "EXACT")) {
      return model.index().save(workerDir.resolve(SnapshotInfo.fileName(model.version(),
          IndexKind.EXACT)), model.version());
    }
  }

  private String served() {
    return models.current().orElseThrow().version();
  }

  @Test
  void aModelWaitsForItsSnapshotAndServesTheIndexFromIt() throws Exception {
    SnapshotGate gate = gate(Duration.ofMinutes(1));
    gate.modelAnnounced(new Announcement(secondVersion, second));
    assertThat(served()).as("still waiting for the snapshot").isEqualTo(initial.version());

    // the worker's path differs from this instance's mount: the file name is looked up here
    SnapshotInfo info = writeSnapshot(second, snapshots);
    gate.snapshotAnnounced(secondVersion, IndexKind.EXACT,
        Path.of("/elsewhere/snapshots").resolve(info.path().getFileName()), info.sha256());

    assertThat(served()).isEqualTo(secondVersion);
    ServingModel fromSnapshot = models.current().orElseThrow();
    assertThat(fromSnapshot.indexOrigin()).contains("from snapshot " + info.path());
    try (GsasrecServingModel built = ModelLoader.load(second, "EXACT")) {
      float[] user = built.encode(List.<long[]>of(new long[] {1001, 1002, 1003}))[0];
      assertThat(fromSnapshot.recommend(user, 10, FilterSpec.none()))
          .isEqualTo(built.recommend(user, 10, FilterSpec.none()));
    }
  }

  @Test
  void aSnapshotAnnouncedFirstIsUsedAtOnceAndOtherKindsAreIgnored() throws Exception {
    SnapshotGate gate = gate(Duration.ofMinutes(1));
    SnapshotInfo info = writeSnapshot(second, snapshots);
    gate.snapshotAnnounced(secondVersion, IndexKind.FLAT, info.path(), "flat-checksum");
    gate.snapshotAnnounced(secondVersion, IndexKind.EXACT, info.path(), info.sha256());
    gate.modelAnnounced(new Announcement(secondVersion, second));
    assertThat(served()).isEqualTo(secondVersion);
    assertThat(models.current().orElseThrow().indexOrigin()).contains("from snapshot");
  }

  @Test
  void withoutASnapshotWithinTheWaitTheIndexIsBuiltFromTheBundle(CapturedOutput output)
      throws InterruptedException {
    SnapshotGate gate = gate(Duration.ofMillis(200));
    gate.modelAnnounced(new Announcement(secondVersion, second));
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!served().equals(secondVersion) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(served()).isEqualTo(secondVersion);
    assertThat(models.current().orElseThrow().indexOrigin()).isEqualTo("built from the bundle");
    assertThat(output.getAll()).contains("No exact snapshot of model " + secondVersion)
        .contains("SNAPSHOT_KINDS");
  }

  @Test
  void aCorruptSnapshotIsRefusedTheRunningModelStaysUntilAGoodOneIsAnnounced(
      CapturedOutput output) throws Exception {
    SnapshotGate gate = gate(Duration.ofMillis(300));
    SnapshotInfo good = writeSnapshot(second, dir.resolve("good"));
    Path file = snapshots.resolve(good.path().getFileName());
    Files.copy(good.path(), file);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(raf.length() / 2);
      int b = raf.read();
      raf.seek(raf.length() / 2);
      raf.write(b ^ 0xff);
    }
    gate.modelAnnounced(new Announcement(secondVersion, second));
    gate.snapshotAnnounced(secondVersion, IndexKind.EXACT, file, "checksum-of-the-damaged-file");
    Thread.sleep(800); // past the wait: a refused snapshot is no reason to build from the bundle
    assertThat(served()).isEqualTo(initial.version());
    assertThat(output.getAll()).contains("Refused model " + secondVersion)
        .contains("refusing snapshot " + file).contains(initial.version() + " stays in service");

    // the worker rewrites the file (its reconcile rebuilds an invalid snapshot) and announces it
    Files.copy(good.path(), file, StandardCopyOption.REPLACE_EXISTING);
    gate.snapshotAnnounced(secondVersion, IndexKind.EXACT, file, good.sha256());
    assertThat(served()).isEqualTo(secondVersion);
  }

  @Test
  void aTruncatedSnapshotOrOneOfAnotherModelIsRefused(CapturedOutput output) throws Exception {
    Path foreign = snapshots.resolve(SnapshotInfo.fileName(secondVersion, IndexKind.EXACT));
    Files.move(writeSnapshot(dir.resolve("first"), dir.resolve("other")).path(), foreign);
    assertThat(rollout.roll(new Announcement(secondVersion, second).withSnapshot(foreign, "a")))
        .isEqualTo(ModelRollout.Outcome.REFUSED);
    assertThat(output.getAll()).contains("written for model version '" + initial.version());

    try (RandomAccessFile raf = new RandomAccessFile(foreign.toFile(), "rw")) {
      raf.setLength(raf.length() / 3);
    }
    assertThat(rollout.roll(new Announcement(secondVersion, second).withSnapshot(foreign, "b")))
        .isEqualTo(ModelRollout.Outcome.REFUSED);
    assertThat(served()).isEqualTo(initial.version());
  }

  @Test
  void atStartUpAValidSnapshotIsLoadedAndABrokenOneIsReplacedByABuild(CapturedOutput output)
      throws Exception {
    try (GsasrecServingModel none = ModelLoader.loadPreferringSnapshot(second, "EXACT",
        snapshots)) {
      assertThat(none.indexOrigin()).isEqualTo("built from the bundle");
    }
    SnapshotInfo info = writeSnapshot(second, snapshots);
    try (GsasrecServingModel loaded = ModelLoader.loadPreferringSnapshot(second, "EXACT",
        snapshots)) {
      assertThat(loaded.indexOrigin()).isEqualTo("from snapshot " + info.path());
    }
    Files.write(info.path(), new byte[] {1, 2, 3});
    try (GsasrecServingModel rebuilt = ModelLoader.loadPreferringSnapshot(second, "EXACT",
        snapshots)) {
      assertThat(rebuilt.indexOrigin()).isEqualTo("built from the bundle");
    }
    assertThat(output.getAll()).contains("refusing snapshot " + info.path())
        .contains("building the index from the bundle instead");
  }

  @Test
  void withoutASnapshotDirectoryModelsRollOutAtOnce() {
    new SnapshotGate(rollout, IndexKind.EXACT, null, Duration.ofMinutes(1), timer)
        .modelAnnounced(new Announcement(secondVersion, second));
    assertThat(served()).isEqualTo(secondVersion);
  }
}
