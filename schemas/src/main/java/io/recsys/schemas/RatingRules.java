package io.recsys.schemas;

import io.recsys.schemas.avro.RatingEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * What makes a rating event valid, wherever it enters: the HTTP edge rejects it with a 400,
 * the stream sends it to the DLQ. Returns each violation as "field: reason".
 */
public final class RatingRules {

  public static final float MIN_RATING = 0.5f;
  public static final float MAX_RATING = 5.0f;
  public static final int MAX_EVENT_ID_LENGTH = 200;

  private RatingRules() {
  }

  public static List<String> violations(RatingEvent event) {
    List<String> problems = new ArrayList<>(2);
    String eventId = event.getEventId();
    if (eventId == null || eventId.isBlank()) {
      problems.add("event_id: must not be blank");
    } else if (eventId.length() > MAX_EVENT_ID_LENGTH) {
      problems.add("event_id: longer than " + MAX_EVENT_ID_LENGTH + " characters");
    }
    if (event.getUserId() <= 0) {
      problems.add("user_id: must be positive, was " + event.getUserId());
    }
    if (event.getMovieId() <= 0) {
      problems.add("movie_id: must be positive, was " + event.getMovieId());
    }
    String rating = ratingProblem(event.getRating());
    if (rating != null) {
      problems.add("rating: " + rating);
    }
    if (event.getEventTime() == null || event.getEventTime().toEpochMilli() < 0) {
      problems.add("event_time: must not be before 1970");
    }
    return problems;
  }

  /** Why a rating value is invalid, or null when it is fine (null means implicit feedback). */
  public static String ratingProblem(Float rating) {
    if (rating == null) {
      return null;
    }
    float r = rating;
    if (!Float.isFinite(r) || r < MIN_RATING || r > MAX_RATING) {
      return "must be between 0.5 and 5.0, was " + r;
    }
    if (r * 2 != Math.rint(r * 2)) {
      return "must be in half steps (0.5, 1.0, ... 5.0), was " + r;
    }
    return null;
  }
}
