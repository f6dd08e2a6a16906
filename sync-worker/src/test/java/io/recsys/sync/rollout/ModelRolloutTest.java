package io.recsys.sync.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.index.IndexKind;
import io.recsys.schemas.avro.CatalogItem;
import io.recsys.schemas.avro.IndexSnapshot;
import io.recsys.schemas.avro.ModelVersion;
import io.recsys.sync.RecordingStore;
import io.recsys.sync.TestBundles;
import io.recsys.sync.bundle.InvalidBundleException;
import io.recsys.sync.metadata.ItemMetadataStore;
import io.recsys.sync.snapshot.SnapshotBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRolloutTest {

  @TempDir
  Path dir;

  private final List<IndexSnapshot> announced = new ArrayList<>();
  private final RecordingStore store = new RecordingStore();
  private final ItemMetadataStore metadata = new ItemMetadataStore();
  private final Clock clock = Clock.fixed(Instant.parse("2026-02-01T00:00:00Z"), ZoneOffset.UTC);

  private ModelRollout rollout() {
    return new ModelRollout(new SnapshotBuilder(dir.resolve("snapshots"), List.of(IndexKind.EXACT), false),
        announced::add, store, metadata, clock);
  }

  private ModelVersion announce(Path bundle, String id) {
    return ModelVersion.newBuilder().setModelId(id).setBundlePath(bundle.toString())
        .setNumItems(30).setDimension(4).setCreatedAt(clock.instant()).build();
  }

  @Test
  void buildsAnnouncesAndSyncsOnceAndARepeatedRunOnlyChecks() throws Exception {
    Path bundle = TestBundles.synthetic(dir.resolve("bundle"), 30, 4, 11);
    String version = TestBundles.versionOf(bundle);
    metadata.apply(CatalogItem.newBuilder().setMovieId(1001).setTitle("Toy Story")
        .setGenres(List.of("Animation")).setYear(1995).build());
    ModelRollout rollout = rollout();

    RolloutReport first = rollout.run(announce(bundle, version), List.of());
    assertThat(first.modelVersion()).isEqualTo(version);
    assertThat(first.snapshotsBuilt()).isEqualTo(1);
    assertThat(first.announced()).isEqualTo(1);
    assertThat(announced).singleElement().satisfies(a -> {
      assertThat(a.getModelId()).isEqualTo(version);
      assertThat(a.getKind()).isEqualTo(io.recsys.schemas.avro.IndexKind.EXACT);
      assertThat(a.getCount()).isEqualTo(30);
      assertThat(a.getDimension()).isEqualTo(4);
      assertThat(a.getChecksum()).isEqualTo(first.snapshots().get(0).info().sha256());
      assertThat(Path.of(a.getPath())).exists();
    });
    assertThat(store.synced).containsExactly(version);
    assertThat(store.lastVersions).containsExactly(version);
    assertThat(store.lastPayloads.apply(1001).title()).isEqualTo("Toy Story");
    assertThat(store.lastPayloads.apply(1002).title()).isNull();

    RolloutReport again = rollout.run(announce(bundle, version), List.of(version));
    assertThat(again.snapshotsBuilt()).isZero();
    assertThat(again.announced()).isZero();
    assertThat(announced).hasSize(1);
    assertThat(store.synced).hasSize(2); // the store decides itself that nothing is to be done
  }

  @Test
  void aBundleAnnouncedUnderAnotherModelIdIsRefused() throws Exception {
    Path bundle = TestBundles.synthetic(dir.resolve("bundle"), 30, 4, 12);
    assertThatThrownBy(() -> rollout().run(announce(bundle, "gsasrec-ffffffffffffffff"), List.of()))
        .isInstanceOf(InvalidBundleException.class).hasMessageContaining("announced as");
    assertThat(announced).isEmpty();
    assertThat(store.synced).isEmpty();
  }

  @Test
  void aFailingStoreFailsTheRunAfterTheSnapshotsAreOut() throws Exception {
    Path bundle = TestBundles.synthetic(dir.resolve("bundle"), 30, 4, 13);
    String version = TestBundles.versionOf(bundle);
    store.failWith = new IllegalStateException("qdrant down");
    ModelRollout rollout = rollout();
    assertThatThrownBy(() -> rollout.run(announce(bundle, version), List.of()))
        .hasMessageContaining("qdrant down");
    assertThat(announced).hasSize(1);

    store.failWith = null;
    RolloutReport retried = rollout.run(announce(bundle, version), List.of());
    assertThat(retried.announced()).isZero();
    assertThat(retried.store().target()).isEqualTo("store_" + version);
  }
}
