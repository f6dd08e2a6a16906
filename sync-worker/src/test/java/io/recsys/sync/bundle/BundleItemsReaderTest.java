package io.recsys.sync.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.gsasrec.bundle.ModelBundle;
import io.recsys.sync.TestBundles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleItemsReaderTest {

  @TempDir
  Path dir;

  @Test
  void readsARealBundleAsTheTrainerWroteIt() throws Exception {
    Path bundleDir = TestBundles.reference(dir.resolve("ref"));
    BundleItems items = BundleItemsReader.read(bundleDir);
    ModelBundle reference = ModelBundle.load(bundleDir);

    assertThat(items.modelVersion()).isEqualTo(reference.modelVersion());
    assertThat(items.contentHash()).isEqualTo(reference.manifest().contentHash());
    assertThat(items.size()).isEqualTo(reference.config().numItems());
    assertThat(items.dimension()).isEqualTo(reference.config().embeddingDim());
    assertThat(items.table().ids()[0]).isEqualTo(TestBundles.MOVIE_OFFSET + 1);
    float[][] rows = io.recsys.gsasrec.bundle.ItemEmbeddingsFile.read(reference.itemEmbeddingsFile());
    assertThat(items.vector(0)).containsExactly(rows[0]);
    assertThat(items.vector(items.size() - 1)).containsExactly(rows[rows.length - 1]);
  }

  @Test
  void withoutAnIdMapRowsAreModelItemsFromOne() throws Exception {
    Path bundleDir = TestBundles.synthetic(dir.resolve("b"), 5, 3, 1);
    String manifest = Files.readString(bundleDir.resolve("manifest.json"));
    Files.writeString(bundleDir.resolve("manifest.json"),
        manifest.replaceAll(",\"item_ids\":\\{[^}]*}", ""));
    assertThat(BundleItemsReader.read(bundleDir).table().ids()).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void refusesDamagedOrIncompleteBundlesNamingTheFile() throws Exception {
    assertThatThrownBy(() -> BundleItemsReader.read(dir.resolve("nothing")))
        .isInstanceOf(InvalidBundleException.class).hasMessageContaining("manifest.json");

    Path tampered = TestBundles.synthetic(dir.resolve("t"), 5, 3, 2);
    byte[] bytes = Files.readAllBytes(tampered.resolve("item_embeddings.f32"));
    bytes[bytes.length - 1] ^= 1;
    Files.write(tampered.resolve("item_embeddings.f32"), bytes);
    assertThatThrownBy(() -> BundleItemsReader.read(tampered))
        .isInstanceOf(InvalidBundleException.class)
        .hasMessageContaining("item_embeddings.f32").hasMessageContaining("hash mismatch");

    Path missing = TestBundles.synthetic(dir.resolve("m"), 5, 3, 3);
    Files.delete(missing.resolve("item_ids.txt"));
    assertThatThrownBy(() -> BundleItemsReader.read(missing))
        .hasMessageContaining("item_ids").hasMessageContaining("missing");
  }
}
