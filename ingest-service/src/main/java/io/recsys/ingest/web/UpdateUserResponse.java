package io.recsys.ingest.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** The prototype-compatible answer of {@code POST /update_user}. */
@Schema(description = "The interaction is durably in Kafka; recommendations follow asynchronously")
public record UpdateUserResponse(
    @JsonProperty("status") @Schema(example = "accepted") String status,
    @JsonProperty("user_id") @Schema(example = "1") long userId,
    @JsonProperty("movie_id") @Schema(example = "1193") long movieId,
    @JsonProperty("event_id") String eventId,
    @JsonProperty("partition") int partition,
    @JsonProperty("offset") long offset) {
}
