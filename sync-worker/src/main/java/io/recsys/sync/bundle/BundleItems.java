package io.recsys.sync.bundle;

import io.recsys.index.VectorTable;
import java.nio.file.Path;

/**
 * What the worker needs of a model bundle: its version and its item vectors keyed by the
 * external (movie) ids the rest of the system speaks.
 *
 * @param dir          the bundle directory
 * @param modelVersion the manifest's model_version (what snapshots and collections are named by)
 * @param contentHash  the manifest's content_hash
 * @param table        item vectors, row r for ids[r]
 * @param embeddingsSha256 SHA-256 of the item embeddings file, hex (checked against the manifest)
 */
public record BundleItems(Path dir, String modelVersion, String contentHash, VectorTable table,
                          String embeddingsSha256) {

  public int size() {
    return table.size();
  }

  public int dimension() {
    return table.dimension();
  }

  public float[] vector(int row) {
    float[] out = new float[table.dimension()];
    System.arraycopy(table.vectors(), row * table.dimension(), out, 0, table.dimension());
    return out;
  }
}
