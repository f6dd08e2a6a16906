package io.recsys.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.gsasrec.GsasrecConfig;
import io.recsys.gsasrec.bundle.BundleWriter;
import io.recsys.gsasrec.checkpoint.StateDict;
import io.recsys.gsasrec.checkpoint.TorchCheckpointReader;
import io.recsys.gsasrec.model.ArchitectureInference;
import io.recsys.index.io.FloatMatrixFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Model bundles for tests: a synthetic one of any size, and a real one from the reference fixture. */
public final class TestBundles {

  /** Model item r of the reference bundle stands for movie MOVIE_OFFSET + r. */
  public static final int MOVIE_OFFSET = 1000;

  private TestBundles() {
  }

  /**
   * A bundle as the trainer writes it, minus the weights (the worker never reads them): manifest,
   * item embeddings and item ids (movie id = 1000 + r). The version derives from the seed.
   */
  public static Path synthetic(Path dir, int items, int dimension, long seed) throws IOException {
    Files.createDirectories(dir);
    SplittableRandom random = new SplittableRandom(seed);
    float[] data = new float[items * dimension];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) (random.nextDouble() * 2 - 1);
    }
    FloatMatrixFile.write(dir.resolve("item_embeddings.f32"), items, dimension, data);
    StringBuilder ids = new StringBuilder();
    for (int r = 1; r <= items; r++) {
      ids.append(MOVIE_OFFSET + r).append('\n');
    }
    Files.writeString(dir.resolve("item_ids.txt"), ids.toString(), StandardCharsets.UTF_8);
    String hash = sha256(("synthetic-" + seed + "-" + items + "x" + dimension).getBytes(StandardCharsets.UTF_8));
    Map<String, Object> files = new LinkedHashMap<>();
    files.put("item_embeddings", entry(dir, "item_embeddings.f32"));
    files.put("item_ids", entry(dir, "item_ids.txt"));
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("format", "gsasrec-bundle");
    manifest.put("format_version", 1);
    manifest.put("model_version", "gsasrec-" + hash.substring(0, 16));
    manifest.put("content_hash", hash);
    manifest.put("created_at", "2026-01-01T00:00:00Z");
    manifest.put("config", Map.of("num_items", items, "embedding_dim", dimension));
    manifest.put("files", files);
    new ObjectMapper().writeValue(dir.resolve("manifest.json").toFile(), manifest);
    return dir;
  }

  public static String versionOf(Path bundle) throws IOException {
    return new ObjectMapper().readTree(bundle.resolve("manifest.json").toFile())
        .path("model_version").asText();
  }

  /** A real bundle written by the trainer's writer from the reference fixture's small checkpoint. */
  public static Path reference(Path dir) throws IOException {
    String fixtures = System.getProperty("recsys.fixtures",
        System.getenv().getOrDefault("RECSYS_FIXTURES", "../../shared/fixtures"));
    StateDict weights = TorchCheckpointReader.read(Path.of(fixtures, "gsasrec-reference/tiny-h1.pt"));
    GsasrecConfig config = ArchitectureInference.infer(weights, 1, 0.0);
    int[] movieIds = new int[config.numItems()];
    for (int r = 1; r <= movieIds.length; r++) {
      movieIds[r - 1] = MOVIE_OFFSET + r;
    }
    new BundleWriter().itemIds(movieIds).training("fixture", Map.of("source", "tiny-h1.pt"))
        .write(dir, config, weights);
    return dir;
  }

  private static Map<String, Object> entry(Path dir, String name) throws IOException {
    byte[] bytes = Files.readAllBytes(dir.resolve(name));
    return Map.of("path", name, "sha256", sha256(bytes), "bytes", bytes.length);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
