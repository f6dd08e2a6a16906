package io.recsys.sync.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.index.IndexConfig;
import io.recsys.index.IndexKind;
import io.recsys.index.SnapshotExpectation;
import io.recsys.index.VectorIndex;
import io.recsys.index.VectorIndexFactory;
import io.recsys.sync.TestBundles;
import io.recsys.sync.bundle.BundleItems;
import io.recsys.sync.bundle.BundleItemsReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotBuilderTest {

  @TempDir
  Path dir;

  @Test
  void buildsOnceThenKeepsAValidSnapshotAndRebuildsADamagedOne() throws Exception {
    BundleItems bundle = BundleItemsReader.read(TestBundles.synthetic(dir.resolve("b"), 50, 8, 7));
    SnapshotBuilder builder = new SnapshotBuilder(dir.resolve("snapshots"), List.of(IndexKind.EXACT), false);

    List<SnapshotSet> first = builder.ensure(bundle);
    assertThat(first).singleElement().satisfies(s -> {
      assertThat(s.builtNow()).isTrue();
      assertThat(s.info().path().getFileName().toString())
          .isEqualTo(bundle.modelVersion() + ".exact.snapshot");
      assertThat(s.info().count()).isEqualTo(50);
    });
    try (VectorIndex index = new VectorIndexFactory(IndexConfig.defaults(IndexKind.EXACT))
        .load(first.get(0).info().path(), SnapshotExpectation.any().withModelVersion(bundle.modelVersion()))) {
      assertThat(index.search(bundle.vector(3), 1).ids()).hasSize(1);
    }

    List<SnapshotSet> second = builder.ensure(bundle);
    assertThat(second.get(0).builtNow()).isFalse();
    assertThat(second.get(0).info().sha256()).isEqualTo(first.get(0).info().sha256());

    Path file = first.get(0).info().path();
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(file, bytes);
    List<SnapshotSet> third = builder.ensure(bundle);
    assertThat(third.get(0).builtNow()).isTrue();
    assertThat(SnapshotBuilder.validExisting(file, bundle, IndexKind.EXACT)).isNotNull();
  }

  @Test
  void kindsThatFallBackToTheSameOneAreBuiltOnce() throws Exception {
    BundleItems bundle = BundleItemsReader.read(TestBundles.synthetic(dir.resolve("b"), 20, 4, 8));
    VectorIndexFactory.NativeAvailability missing = new VectorIndexFactory.NativeAvailability() {
      @Override
      public boolean isAvailable() {
        return false;
      }

      @Override
      public String unavailableReason() {
        return "not in this test";
      }
    };
    SnapshotBuilder builder = new SnapshotBuilder(dir.resolve("s"),
        List.of(IndexKind.FLAT, IndexKind.HNSW),
        kind -> new VectorIndexFactory(IndexConfig.defaults(kind), missing));
    List<SnapshotSet> sets = builder.ensure(bundle);
    assertThat(sets).singleElement().satisfies(s -> {
      assertThat(s.requested()).isEqualTo(IndexKind.FLAT);
      assertThat(s.info().kind()).isEqualTo(IndexKind.EXACT);
    });
  }
}
