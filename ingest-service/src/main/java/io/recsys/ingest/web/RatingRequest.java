package io.recsys.ingest.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.time.Instant;

/**
 * A rating event as posted over HTTP (snake_case JSON). Separate from the Avro
 * {@code RatingEvent}; {@link RatingValidator} builds it from JSON with the defaults filled in.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "RatingRequest", description = "One rating event; unknown fields are rejected")
public record RatingRequest(
    @JsonProperty("user_id")
    @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "1", example = "42",
        description = "positive 64-bit user id; the Kafka key") long userId,
    @JsonProperty("movie_id")
    @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "1", example = "1193",
        description = "positive 64-bit movie id") long movieId,
    @JsonProperty("rating")
    @Schema(nullable = true, minimum = "0.5", maximum = "5.0", multipleOf = 0.5, example = "4.5",
        description = "0.5 to 5.0 in half steps; null or absent for an implicit interaction")
    Float rating,
    @JsonProperty("event_time")
    @Schema(requiredMode = RequiredMode.NOT_REQUIRED, format = "date-time",
        example = "2024-05-01T12:00:00Z",
        description = "ISO-8601 instant with zone; default: the time the service received it. "
            + "Not before recsys.ingest.min-event-time nor more than "
            + "recsys.ingest.max-future-skew ahead") Instant eventTime,
    @JsonProperty("event_id")
    @Schema(requiredMode = RequiredMode.NOT_REQUIRED, example = "3f1c2a9e-5d7b-4c1e-9a0b-1c2d3e4f5a6b",
        description = "unique id; consumers drop repeats, so send the same id when retrying. "
            + "Default: a random UUID") String eventId) {
}
