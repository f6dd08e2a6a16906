package io.recsys.recommender.topology;

import io.recsys.recommender.history.UserHistory;
import io.recsys.schemas.avro.RatingEvent;
import io.recsys.schemas.avro.Recommendations;
import io.recsys.schemas.avro.UserEmbedding;

/**
 * Told, on the stream thread, each time a user's embedding and recommendations are fresh:
 * how read-your-writes updates and live streams learn of them without polling. Also told of
 * each event's fate, for the counters of /stats. Must not block.
 */
@FunctionalInterface
public interface RecomputeListener {

  RecomputeListener NONE = (history, embedding, recommendations) -> { };

  void recomputed(UserHistory history, UserEmbedding embedding, Recommendations recommendations);

  /** A valid event changed its user's history (told after the history store was written). */
  default void eventApplied(RatingEvent event) {
  }

  /** A valid event changed nothing: a repeated event id, or older than a full history. */
  default void eventIgnored(RatingEvent event) {
  }

  /** A record went to the dead-letter topic. */
  default void eventRejected(String errorClass) {
  }

  /** The model failed on this user's history; the user keeps its previous state. */
  default void recomputeFailed(long userId, RuntimeException error) {
  }

  /** Tells both, first then second. */
  static RecomputeListener both(RecomputeListener first, RecomputeListener second) {
    return new RecomputeListener() {
      @Override
      public void recomputed(UserHistory history, UserEmbedding embedding,
                             Recommendations recommendations) {
        first.recomputed(history, embedding, recommendations);
        second.recomputed(history, embedding, recommendations);
      }

      @Override
      public void eventApplied(RatingEvent event) {
        first.eventApplied(event);
        second.eventApplied(event);
      }

      @Override
      public void eventIgnored(RatingEvent event) {
        first.eventIgnored(event);
        second.eventIgnored(event);
      }

      @Override
      public void eventRejected(String errorClass) {
        first.eventRejected(errorClass);
        second.eventRejected(errorClass);
      }

      @Override
      public void recomputeFailed(long userId, RuntimeException error) {
        first.recomputeFailed(userId, error);
        second.recomputeFailed(userId, error);
      }
    };
  }
}
