package io.recsys.qdrant;

import java.util.List;

/**
 * What Qdrant stores beside each item vector, as the prototype did.
 *
 * @param movieId       the item (also the point id)
 * @param title         null while the catalogue has not named it
 * @param genres        empty when unknown
 * @param year          null when unknown
 * @param ratingCount   ratings seen so far
 * @param averageRating null before the first rating
 */
public record ItemPayload(long movieId, String title, List<String> genres, Integer year,
                          long ratingCount, Double averageRating) {

  public static final String MOVIE_ID = "movie_id";
  public static final String TITLE = "title";
  public static final String GENRES = "genres";
  public static final String YEAR = "year";
  public static final String RATING_COUNT = "rating_count";
  public static final String AVG_RATING = "avg_rating";

  public ItemPayload {
    genres = genres == null ? List.of() : List.copyOf(genres);
  }

  public static ItemPayload unknown(long movieId) {
    return new ItemPayload(movieId, null, List.of(), null, 0, null);
  }
}
