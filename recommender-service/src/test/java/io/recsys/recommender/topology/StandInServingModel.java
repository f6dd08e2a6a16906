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

  @Override
  public float[][] encode(List<long[]> histories) {
    encodeCalls++;
    float[][] out = new float[histories.size()][];
    for (int i = 0; i < out.length; i++) {
      long[] h = histories.get(i);
      out[i] = new float[] {h.length, h.length == 0 ? 0 : h[h.length - 1]};
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
