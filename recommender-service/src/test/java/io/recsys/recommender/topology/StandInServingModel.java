package io.recsys.recommender.topology;

import io.recsys.recommender.model.ServingModel;
import java.util.ArrayList;
import io.recsys.index.filter.FilterSpec;
import io.recsys.index.filter.ItemMetadata;
import java.util.Collection;
import java.util.List;

/**
 * A stand-in for the gSASRec model in topology tests: the "embedding" is the history length
 * and its last movie, and movies are ranked by id from 1. Deterministic and obvious to assert.
 */
final class StandInServingModel implements ServingModel {

  private final String version;
  int encodeCalls;

  StandInServingModel(String version) {
    this.version = version;
  }

  @Override
  public String version() {
    return version;
  }

  /** Movies from this id on are unknown to the model, as movies newer than its training. */
  static final long UNKNOWN_FROM = 1_000_000;
  /** A history holding this movie makes the model throw, as a corrupt input would. */
  static final long POISON = 666;

  @Override
  public float[][] encode(List<long[]> histories) {
    encodeCalls++;
    float[][] out = new float[histories.size()][];
    for (int i = 0; i < out.length; i++) {
      long[] h = java.util.Arrays.stream(histories.get(i)).filter(m -> m < UNKNOWN_FROM)
          .toArray();
      if (java.util.Arrays.stream(h).anyMatch(m -> m == POISON)) {
        throw new IllegalStateException("the stand-in model cannot take movie " + POISON);
      }
      out[i] = h.length == 0 ? null : new float[] {h.length, h[h.length - 1]};
    }
    return out;
  }

  @Override
  public List<ScoredMovie> recommend(float[] userVector, int k, FilterSpec filter) {
    List<ScoredMovie> out = new ArrayList<>();
    for (long movie = 1; out.size() < k; movie++) {
      if (!filter.excludedIds().contains(movie)) {
        out.add(new ScoredMovie(movie, 100f - movie));
      }
    }
    return out;
  }

  @Override
  public void updateMetadata(Collection<ItemMetadata> movies) {
  }

  @Override
  public String method() {
    return "stand-in";
  }
}
