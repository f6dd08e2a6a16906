package io.recsys.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.ingest.IngestProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

class RatingValidatorTest {

  static final Instant NOW = Instant.parse("2024-06-01T12:00:00.987654Z");
  static final ObjectMapper JSON = new ObjectMapper();

  final RatingValidator validator = new RatingValidator(new IngestProperties(10_000,
      DataSize.ofMegabytes(16), Instant.parse("1990-01-01T00:00:00Z"), Duration.ofDays(1), 128,
      100, Duration.ofSeconds(5), java.util.List.of()));
  final List<FieldError> errors = new ArrayList<>();

  RatingRequest validate(String json) throws Exception {
    JsonNode node = JSON.readTree(json);
    return validator.validate(node, null, NOW, errors);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.5", "1", "1.0", "2.5", "4.5", "5", "5.0", "null"})
  void everyHalfStepFrom05To5AndNullAreValidRatings(String rating) throws Exception {
    RatingRequest request = validate("{\"user_id\": 1, \"movie_id\": 2, \"rating\": " + rating
        + "}");
    assertThat(errors).isEmpty();
    assertThat(request.rating()).isEqualTo(rating.equals("null") ? null : Float.valueOf(rating));
  }

  @Test
  void defaultsAreNowAtMillisecondsAndARandomVersion4Uuid() throws Exception {
    RatingRequest a = validate("{\"user_id\": 1, \"movie_id\": 2}");
    RatingRequest b = validate("{\"user_id\": 1, \"movie_id\": 2}");
    assertThat(a.eventTime()).isEqualTo(Instant.parse("2024-06-01T12:00:00.987Z"));
    assertThat(a.rating()).isNull();
    assertThat(java.util.UUID.fromString(a.eventId()).version()).isEqualTo(4);
    assertThat(java.util.UUID.fromString(a.eventId()).variant()).isEqualTo(2);
    assertThat(a.eventId()).isNotEqualTo(b.eventId());
  }

  @Test
  void eventTimeBoundsAreInclusive() throws Exception {
    assertThat(validate("{\"user_id\": 1, \"movie_id\": 2, \"event_time\": "
        + "\"1990-01-01T00:00:00Z\"}").eventTime()).isEqualTo(Instant.parse("1990-01-01T00:00:00Z"));
    assertThat(validate("{\"user_id\": 1, \"movie_id\": 2, \"event_time\": "
        + "\"2024-06-02T12:00:00.987654Z\"}").eventTime())
        .isEqualTo(Instant.parse("2024-06-02T12:00:00.987Z"));
    assertThat(errors).isEmpty();
    validate("{\"user_id\": 1, \"movie_id\": 2, \"event_time\": \"2024-06-02T12:00:00.988Z\"}");
    assertThat(errors).extracting(FieldError::field).containsExactly("event_time");
  }

  @Test
  void largestIdsAndLongestEventIdAreAccepted() throws Exception {
    RatingRequest request = validate("{\"user_id\": 9223372036854775807, \"movie_id\": 1, "
        + "\"event_id\": \"" + "e".repeat(128) + "\"}");
    assertThat(errors).isEmpty();
    assertThat(request.userId()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void everyFailingFieldIsReportedWithTheItemIndex() throws Exception {
    JsonNode node = JSON.readTree("{\"user_id\": \"x\", \"movie_id\": -1, \"rating\": 0.25, "
        + "\"event_time\": false, \"event_id\": \"\", \"foo\": 1, \"bar\": null}");
    assertThat(validator.validate(node, 17, NOW, errors)).isNull();
    assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder("foo", "bar",
        "user_id", "movie_id", "rating", "event_time", "event_id");
    assertThat(errors).extracting(FieldError::index).containsOnly(17);
  }

  @Test
  void nonObjectsAreRefusedAsAWhole() throws Exception {
    assertThat(validator.validate(JSON.readTree("42"), 3, NOW, errors)).isNull();
    assertThat(errors).containsExactly(new FieldError(3, "$", "must be a JSON object, was number"));
  }
}
