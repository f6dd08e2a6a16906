package io.recsys.recommender.model;

import io.recsys.gsasrec.bundle.ModelBundle;
import io.recsys.index.IndexConfig;
import io.recsys.index.IndexKind;
import io.recsys.index.VectorIndexFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens a model bundle for serving, with a message that says what to do when it is missing. */
public final class ModelLoader {

  private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

  private ModelLoader() {
  }

  public static GsasrecServingModel load(Path bundleDir, String indexKind) throws IOException {
    if (!Files.isDirectory(bundleDir)) {
      throw new IOException("No model bundle at " + bundleDir.toAbsolutePath() + ". Train one with"
          + " './recsys train --out " + bundleDir + "' or point MODEL_DIR"
          + " (recsys.recommender.model-dir) at an existing bundle.");
    }
    long start = System.nanoTime();
    ModelBundle bundle = ModelBundle.load(bundleDir);
    IndexKind kind = IndexKind.valueOf(indexKind.toUpperCase(Locale.ROOT));
    VectorIndexFactory factory = new VectorIndexFactory(IndexConfig.defaults(kind));
    factory.resolution().warning().ifPresent(log::warn);
    GsasrecServingModel model = GsasrecServingModel.load(bundle, factory);
    log.info("Model {} ({} items, d {}) in service from {} with a {} index after {} ms",
        model.version(), bundle.config().numItems(), bundle.config().embeddingDim(), bundleDir,
        model.index().kind(), (System.nanoTime() - start) / 1_000_000);
    return model;
  }
}
