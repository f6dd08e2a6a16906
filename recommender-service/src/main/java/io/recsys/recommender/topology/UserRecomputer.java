package io.recsys.recommender.topology;

import io.recsys.index.filter.FilterSpec;
import io.recsys.index.filter.IdSet;
import io.recsys.recommender.history.UserHistory;
import io.recsys.recommender.model.ServingModel;
import io.recsys.recommender.model.ServingModel.ScoredMovie;
import io.recsys.schemas.avro.Recommendations;
import io.recsys.schemas.avro.ScoredItem;
import io.recsys.schemas.avro.UserEmbedding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a batch of changed users with one model call and ranks each user's movies. Pure:
 * it reads nothing but its arguments, so the batching processor stays small and this is
 * tested alone.
 */
final class UserRecomputer {

  /** A user's fresh state: both outputs carry the same model version and source event time. */
  record Result(long userId, UserHistory history, UserEmbedding embedding,
                Recommendations recommendations) {
  }

  private final int topK;

  UserRecomputer(int topK) {
    this.topK = topK;
  }

  List<Result> recompute(List<Long> userIds, List<UserHistory> histories, ServingModel model,
                         Instant now) {
    List<long[]> sequences = new ArrayList<>(histories.size());
    histories.forEach(h -> sequences.add(h.movieIds()));
    float[][] vectors = model.encode(sequences);
    List<Result> results = new ArrayList<>(userIds.size());
    for (int i = 0; i < userIds.size(); i++) {
      float[] vector = vectors[i];
      if (vector == null) {
        continue; // nothing the model knows yet: popularity serves this user
      }
      long userId = userIds.get(i);
      UserHistory history = histories.get(i);
      Instant sourceTime = Instant.ofEpochMilli(history.newestTimeMillis());
      List<Float> vectorList = new ArrayList<>(vector.length);
      for (float v : vector) {
        vectorList.add(v);
      }
      UserEmbedding embedding = new UserEmbedding(userId, model.version(), vectorList,
          history.size(), sourceTime, now);
      List<ScoredItem> items = new ArrayList<>(topK);
      IdSet seen = IdSet.of(sequences.get(i));
      for (ScoredMovie m : model.recommend(vector, topK, FilterSpec.none().withExcludedIds(seen))) {
        items.add(new ScoredItem(m.movieId(), m.score()));
      }
      Recommendations recommendations = new Recommendations(userId, model.version(), items,
          sourceTime, now);
      results.add(new Result(userId, history, embedding, recommendations));
    }
    return results;
  }
}
