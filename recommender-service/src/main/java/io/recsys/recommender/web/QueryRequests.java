package io.recsys.recommender.web;

import java.util.List;

/** The prototype-compatible request bodies (snake_case on the wire). */
public final class QueryRequests {

  private QueryRequests() {
  }

  public record Recommend(Long userId, Integer k) {
  }

  public record Filters(List<String> genres, Integer yearMin, Integer yearMax, Double ratingMin) {
  }

  public record RecommendFiltered(Long userId, Integer k, Filters filters) {
  }

  public record RecommendBatch(List<Long> userIds, Integer k) {
  }

  public record UpdateUser(Long userId, Long movieId, Double rating) {
  }
}
