package io.recsys.recommender.topology;

import io.recsys.recommender.history.UserHistory;
import io.recsys.schemas.avro.Recommendations;
import io.recsys.schemas.avro.UserEmbedding;

/**
 * Told, on the stream thread, each time a user's embedding and recommendations are fresh:
 * how read-your-writes updates and live streams learn of them without polling. Must not block.
 */
@FunctionalInterface
public interface RecomputeListener {

  RecomputeListener NONE = (history, embedding, recommendations) -> { };

  void recomputed(UserHistory history, UserEmbedding embedding, Recommendations recommendations);
}
