package io.recsys.sync.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.index.VectorTable;
import io.recsys.index.io.FloatMatrixFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads a gSASRec bundle's manifest, item embeddings and item id map without DJL (the bundle
 * format is described in gsasrec/README.md). The weights are not read: the worker only needs
 * the output table, whose file hash the manifest vouches for.
 */
public final class BundleItemsReader {

  static final String MANIFEST = "manifest.json";
  static final String FORMAT = "gsasrec-bundle";
  static final String ITEM_EMBEDDINGS = "item_embeddings";
  static final String ITEM_IDS = "item_ids";

  private static final ObjectMapper JSON = new ObjectMapper();

  private BundleItemsReader() {
  }

  /**
   * @throws InvalidBundleException naming the file and the fault when anything is missing,
   *                                corrupt or inconsistent
   */
  public static BundleItems read(Path dir) throws IOException {
    Path manifestFile = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(manifestFile)) {
      throw new InvalidBundleException(manifestFile, "no manifest.json: not a model bundle");
    }
    JsonNode manifest;
    try {
      manifest = JSON.readTree(manifestFile.toFile());
    } catch (IOException e) {
      throw new InvalidBundleException(manifestFile, "unreadable manifest: " + e.getMessage());
    }
    if (!FORMAT.equals(manifest.path("format").asText())) {
      throw new InvalidBundleException(manifestFile, "format is '" + manifest.path("format").asText()
          + "', expected '" + FORMAT + "'");
    }
    String modelVersion = required(manifest, "model_version", manifestFile);
    String contentHash = required(manifest, "content_hash", manifestFile);
    int numItems = manifest.path("config").path("num_items").asInt(-1);
    int dimension = manifest.path("config").path("embedding_dim").asInt(-1);

    Path embeddingsFile = checkedFile(dir, manifest, ITEM_EMBEDDINGS, manifestFile);
    if (embeddingsFile == null) {
      throw new InvalidBundleException(manifestFile, "lists no item_embeddings file");
    }
    String embeddingsSha = sha256(embeddingsFile);
    FloatMatrixFile.Matrix matrix = FloatMatrixFile.read(embeddingsFile);
    if ((numItems >= 0 && matrix.rows() != numItems) || (dimension > 0 && matrix.cols() != dimension)) {
      throw new InvalidBundleException(embeddingsFile, "is " + matrix.rows() + " x " + matrix.cols()
          + " but the manifest's config says " + numItems + " x " + dimension);
    }
    Path idsFile = checkedFile(dir, manifest, ITEM_IDS, manifestFile);
    long[] ids = idsFile == null ? modelIds(matrix.rows()) : readIds(idsFile, matrix.rows());
    return new BundleItems(dir, modelVersion, contentHash,
        new VectorTable(ids, matrix.data(), matrix.cols()), embeddingsSha);
  }

  private static String required(JsonNode manifest, String field, Path file)
      throws InvalidBundleException {
    String value = manifest.path(field).asText("");
    if (value.isBlank()) {
      throw new InvalidBundleException(file, "has no '" + field + "'");
    }
    return value;
  }

  /** The file of a role, after checking it lies inside the bundle and matches its hash. */
  private static Path checkedFile(Path dir, JsonNode manifest, String role, Path manifestFile)
      throws IOException {
    JsonNode entry = manifest.path("files").path(role);
    if (entry.isMissingNode()) {
      return null;
    }
    Path file = dir.resolve(entry.path("path").asText()).normalize();
    if (!file.startsWith(dir.normalize())) {
      throw new InvalidBundleException(manifestFile, "'" + role + "' points outside the bundle");
    }
    if (!Files.isRegularFile(file)) {
      throw new InvalidBundleException(file, "the bundle's " + role + " file is missing");
    }
    String expected = entry.path("sha256").asText("");
    String actual = sha256(file);
    if (!expected.equals(actual)) {
      throw new InvalidBundleException(file, "hash mismatch for " + role + ": manifest says '"
          + expected + "', file has " + actual);
    }
    return file;
  }

  /** Without an id map, row r is model item r + 1. */
  private static long[] modelIds(int rows) {
    long[] ids = new long[rows];
    for (int r = 0; r < rows; r++) {
      ids[r] = r + 1L;
    }
    return ids;
  }

  private static long[] readIds(Path file, int rows) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank()).toList();
    if (lines.size() != rows) {
      throw new InvalidBundleException(file, "has " + lines.size() + " ids for " + rows + " items");
    }
    long[] ids = new long[rows];
    for (int r = 0; r < rows; r++) {
      try {
        ids[r] = Long.parseLong(lines.get(r).trim());
      } catch (NumberFormatException e) {
        throw new InvalidBundleException(file, "line " + (r + 1) + " is not an integer id");
      }
    }
    return ids;
  }

  static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n = in.read(buf); n > 0; n = in.read(buf)) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
