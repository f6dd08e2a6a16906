package io.recsys.recommender.model;

import io.recsys.index.filter.FilterSpec;
import io.recsys.index.filter.ItemMetadata;
import java.util.Collection;
import java.util.List;

/**
 * What the pipeline needs of a trained model: turn histories into user vectors and vectors
 * into the best movies. Implemented over the gSASRec encoder and the vector index; the
 * topology knows nothing else of either.
 */
public interface ServingModel {

  /** The model version (its bundle's content hash), tagged on every output. */
  String version();

  /**
   * Encodes histories (MovieLens ids, oldest first) into one vector each. Movies the model
   * does not know are skipped; a history of only unknown movies yields a null vector.
   */
  float[][] encode(List<long[]> histories);

  /** The best {@code k} movies for a user vector that the filter allows, best first. */
  List<ScoredMovie> recommend(float[] userVector, int k, FilterSpec filter);

  /** Replaces the movie attributes filters look at (genres, year, average rating). */
  void updateMetadata(Collection<ItemMetadata> movies);

  /** How answers are ranked, e.g. "gsasrec+exact"; reported as the response's method. */
  String method();

  /** Where the item index came from (a snapshot file, or built from the bundle), for /health. */
  default String indexOrigin() {
    return "built in memory";
  }

  record ScoredMovie(long movieId, float score) {
  }
}
