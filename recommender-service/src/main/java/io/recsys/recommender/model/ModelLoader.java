package io.recsys.recommender.model;

import io.recsys.gsasrec.bundle.ModelBundle;
import io.recsys.index.IndexConfig;
import io.recsys.index.IndexKind;
import io.recsys.index.SnapshotExpectation;
import io.recsys.index.SnapshotInfo;
import io.recsys.index.VectorIndexFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a model bundle for serving, with its item index either built from the bundle's
 * embeddings or loaded from the sync worker's snapshot of them; says what to do when the bundle
 * is missing.
 */
public final class ModelLoader {

  private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

  private ModelLoader() {
  }

  /** The kind of index a configured kind gives here (EXACT when FAISS is missing). */
  public static IndexKind effectiveKind(String indexKind) {
    return factory(indexKind).resolution().effective();
  }

  /** Loads what a rollout announces: with its snapshot's index when it has one, else built. */
  public static ModelRollout.Loader rolloutLoader(String indexKind) {
    return a -> a.snapshot() == null ? load(a.bundleDir(), indexKind)
        : load(a.bundleDir(), indexKind, a.snapshot());
  }

  /** The bundle with an index built from its item embeddings. */
  public static GsasrecServingModel load(Path bundleDir, String indexKind) throws IOException {
    long start = System.nanoTime();
    return built(openBundle(bundleDir), factory(indexKind), start);
  }

  /**
   * The bundle with the index in a snapshot file. A snapshot that is truncated, corrupt, of
   * another model version, kind or item set is refused: IOException naming the file and why.
   */
  public static GsasrecServingModel load(Path bundleDir, String indexKind, Path snapshot)
      throws IOException {
    long start = System.nanoTime();
    return fromSnapshot(openBundle(bundleDir), factory(indexKind), snapshot, start);
  }

  /**
   * At start-up: the bundle with the snapshot of its index from {@code snapshotDir} when one is
   * there and valid, else with an index built from the bundle (a refused snapshot is logged).
   * The bundle is read and checked once.
   */
  public static GsasrecServingModel loadPreferringSnapshot(Path bundleDir, String indexKind,
                                                           Path snapshotDir) throws IOException {
    long start = System.nanoTime();
    ModelBundle bundle = openBundle(bundleDir);
    VectorIndexFactory factory = factory(indexKind);
    Path snapshot = snapshotDir.resolve(SnapshotInfo.fileName(bundle.modelVersion(),
        factory.resolution().effective()));
    if (Files.isRegularFile(snapshot)) {
      try {
        return fromSnapshot(bundle, factory, snapshot, start);
      } catch (IOException | RuntimeException e) {
        log.warn("{}; building the index from the bundle instead", e.getMessage());
      }
    }
    return built(bundle, factory, start);
  }

  private static GsasrecServingModel built(ModelBundle bundle, VectorIndexFactory factory,
                                           long startNanos) throws IOException {
    return logged(GsasrecServingModel.load(bundle, factory), bundle, startNanos);
  }

  private static GsasrecServingModel fromSnapshot(ModelBundle bundle, VectorIndexFactory factory,
                                                  Path snapshot, long startNanos)
      throws IOException {
    SnapshotExpectation expected = SnapshotExpectation.any()
        .withModelVersion(bundle.modelVersion())
        .withKind(factory.resolution().effective())
        .withDimension(bundle.config().embeddingDim());
    return logged(GsasrecServingModel.load(bundle, (ids, embeddings) ->
        factory.load(snapshot, expected), "from snapshot " + snapshot), bundle, startNanos);
  }

  private static ModelBundle openBundle(Path bundleDir) throws IOException {
    if (!Files.isDirectory(bundleDir)) {
      throw new IOException("No model bundle at " + bundleDir.toAbsolutePath() + ". Train one with"
          + " './recsys train --out " + bundleDir + "' or point MODEL_DIR"
          + " (recsys.recommender.model-dir) at an existing bundle.");
    }
    return ModelBundle.load(bundleDir);
  }

  /** Logs (once per call) when a FAISS kind falls back to EXACT. */
  private static VectorIndexFactory factory(String indexKind) {
    return new VectorIndexFactory(IndexConfig.defaults(
        IndexKind.valueOf(indexKind.toUpperCase(Locale.ROOT))));
  }

  private static GsasrecServingModel logged(GsasrecServingModel model, ModelBundle bundle,
                                            long startNanos) {
    log.info("Model {} ({} items, d {}) loaded from {} with a {} index {} after {} ms",
        model.version(), bundle.config().numItems(), bundle.config().embeddingDim(),
        bundle.dir(), model.index().kind(), model.indexOrigin(),
        (System.nanoTime() - startNanos) / 1_000_000);
    return model;
  }
}
