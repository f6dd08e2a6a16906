package io.recsys.recommender.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One user's answer, in the prototype's shape (snake_case on the wire) plus the model version.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecommendationAnswer(long userId, List<RecommendedMovie> recommendations,
                                   double latencyMs, String method, String modelVersion) {

  public record RecommendedMovie(long movieId, String title, List<String> genres, Integer year,
                                 double score) {
  }
}
