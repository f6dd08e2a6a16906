package io.recsys.recommender.model;

import io.recsys.gsasrec.GsasrecEncoder;
import io.recsys.gsasrec.bundle.ModelBundle;
import io.recsys.index.IdFilter;
import io.recsys.index.IdMapping;
import io.recsys.index.SearchResult;
import io.recsys.index.VectorIndex;
import io.recsys.index.VectorIndexFactory;
import io.recsys.index.filter.FilterSpec;
import io.recsys.index.filter.ItemMetadata;
import io.recsys.index.filter.ItemMetadataTable;
import io.recsys.index.io.FloatMatrixFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained gSASRec bundle in service: its encoder turns MovieLens-id histories into user
 * vectors, and a vector index over its output item embeddings (keyed by MovieLens id) ranks
 * movies. Closing it frees the model's and the index's native memory.
 */
public final class GsasrecServingModel implements ServingModel, AutoCloseable {

  private final String version;
  private final int sequenceLength;
  private final GsasrecEncoder encoder;
  private final VectorIndex index;
  private final Map<Long, Integer> modelIdOfMovie;
  private final String indexOrigin;
  private volatile ItemMetadataTable metadata;

  private GsasrecServingModel(String version, GsasrecEncoder encoder, VectorIndex index,
                              Map<Long, Integer> modelIdOfMovie, String indexOrigin) {
    this.indexOrigin = indexOrigin;
    this.version = version;
    this.sequenceLength = encoder.config().sequenceLength();
    this.encoder = encoder;
    this.index = index;
    this.modelIdOfMovie = modelIdOfMovie;
    this.metadata = ItemMetadataTable.of(index.ids(), List.of());
  }

  /** Makes a bundle's item index, keyed by MovieLens id, from the bundle or from elsewhere. */
  @FunctionalInterface
  public interface IndexSource {
    VectorIndex open(long[] movieIds, FloatMatrixFile.Matrix embeddings) throws IOException;
  }

  /** Loads a bundle and builds its index with the given factory. */
  public static GsasrecServingModel load(ModelBundle bundle, VectorIndexFactory indexes)
      throws IOException {
    return load(bundle, (ids, embeddings) -> indexes.build(ids, embeddings.data(),
        embeddings.cols()), "built from the bundle");
  }

  /**
   * Loads a bundle with an index from the given source, which must hold exactly the bundle's
   * items in its order (a snapshot of another model's items is refused).
   *
   * @param indexOrigin where the index came from, for /health and the logs
   */
  public static GsasrecServingModel load(ModelBundle bundle, IndexSource source,
                                         String indexOrigin) throws IOException {
    int numItems = bundle.config().numItems();
    int[] external = bundle.externalItemIds().orElseGet(() -> identity(numItems));
    FloatMatrixFile.Matrix embeddings = FloatMatrixFile.read(bundle.itemEmbeddingsFile());
    if (embeddings.rows() != numItems || external.length != numItems) {
      throw new IOException("Bundle " + bundle.dir() + " is inconsistent: " + numItems
          + " items, " + embeddings.rows() + " embedding rows, " + external.length + " item ids");
    }
    long[] movieIds = new long[numItems];
    Map<Long, Integer> modelIds = new HashMap<>(numItems * 2);
    for (int i = 0; i < numItems; i++) {
      movieIds[i] = external[i];
      modelIds.put((long) external[i], i + 1);
    }
    VectorIndex index = source.open(movieIds, embeddings);
    if (!index.ids().sameAs(IdMapping.of(movieIds)) || index.dimension() != embeddings.cols()) {
      index.close();
      throw new IOException("the index " + indexOrigin + " does not hold the items of bundle "
          + bundle.dir() + " (" + index.size() + " x " + index.dimension() + " for " + numItems
          + " x " + embeddings.cols() + ", or other ids)");
    }
    GsasrecEncoder encoder;
    try {
      encoder = bundle.newEncoder();
    } catch (RuntimeException e) {
      index.close();
      throw e;
    }
    return new GsasrecServingModel(bundle.modelVersion(), encoder, index, Map.copyOf(modelIds),
        indexOrigin);
  }

  @Override
  public String version() {
    return version;
  }

  /** How many of a user's latest interactions the model reads. */
  public int sequenceLength() {
    return sequenceLength;
  }

  /** The index over this model's item vectors, keyed by MovieLens id. */
  public VectorIndex index() {
    return index;
  }

  public boolean knows(long movieId) {
    return modelIdOfMovie.containsKey(movieId);
  }

  @Override
  public float[][] encode(List<long[]> histories) {
    float[][] out = new float[histories.size()][];
    List<int[]> known = new ArrayList<>(histories.size());
    List<Integer> positions = new ArrayList<>(histories.size());
    for (int i = 0; i < histories.size(); i++) {
      int[] ids = toModelIds(histories.get(i));
      if (ids.length > 0) {
        known.add(ids);
        positions.add(i);
      }
    }
    if (!known.isEmpty()) {
      float[][] vectors = encoder.encode(known);
      for (int j = 0; j < vectors.length; j++) {
        out[positions.get(j)] = vectors[j];
      }
    }
    return out;
  }

  @Override
  public List<ScoredMovie> recommend(float[] userVector, int k, FilterSpec filter) {
    IdFilter ids = filter.isUnconstrained() ? null : metadata.compile(filter);
    return toMovies(index.search(userVector, k, ids));
  }

  @Override
  public void updateMetadata(Collection<ItemMetadata> movies) {
    metadata = ItemMetadataTable.of(index.ids(), movies);
  }

  @Override
  public String indexOrigin() {
    return indexOrigin;
  }

  @Override
  public String method() {
    return "gsasrec+" + index.kind().name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public void close() {
    index.close();
    encoder.close();
  }

  private int[] toModelIds(long[] movieIds) {
    int[] ids = new int[movieIds.length];
    int n = 0;
    for (long movie : movieIds) {
      Integer id = modelIdOfMovie.get(movie);
      if (id != null) {
        ids[n++] = id; // movies the model never saw are kept in the history but not encoded
      }
    }
    return n == ids.length ? ids : java.util.Arrays.copyOf(ids, n);
  }

  private static List<ScoredMovie> toMovies(SearchResult result) {
    List<ScoredMovie> movies = new ArrayList<>(result.size());
    for (int r = 0; r < result.size(); r++) {
      movies.add(new ScoredMovie(result.id(r), result.score(r)));
    }
    return movies;
  }

  private static int[] identity(int n) {
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i + 1;
    }
    return ids;
  }
}
