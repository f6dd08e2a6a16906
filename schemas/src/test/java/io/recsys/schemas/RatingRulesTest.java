package io.recsys.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.schemas.avro.RatingEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RatingRulesTest {

  private static RatingEvent.Builder valid() {
    return RatingEvent.newBuilder().setEventId("e").setUserId(1).setMovieId(2).setRating(4.5f)
        .setEventTime(Instant.EPOCH);
  }

  @Test
  void acceptsValidAndImplicitEvents() {
    assertThat(RatingRules.violations(valid().build())).isEmpty();
    assertThat(RatingRules.violations(valid().setRating(null).build())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(floats = {0f, 0.25f, 5.5f, -1f, 4.3f, Float.NaN, Float.POSITIVE_INFINITY})
  void rejectsRatingsOutsideTheHalfStepScale(float rating) {
    assertThat(RatingRules.violations(valid().setRating(rating).build()))
        .singleElement().asString().startsWith("rating: ");
  }

  @Test
  void namesEveryBadField() {
    RatingEvent bad = valid().setEventId(" ").setUserId(0).setMovieId(-3)
        .setEventTime(Instant.ofEpochMilli(-1)).build();
    assertThat(RatingRules.violations(bad)).extracting(s -> s.substring(0, s.indexOf(':')))
        .containsExactly("event_id", "user_id", "movie_id", "event_time");
  }
}
