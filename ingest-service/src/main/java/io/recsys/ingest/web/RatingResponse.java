package io.recsys.ingest.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** The answer to an accepted event: where it now durably is in Kafka. */
@Schema(description = "The event is durably in Kafka at this partition and offset")
public record RatingResponse(
    @JsonProperty("event_id") @Schema(example = "3f1c2a9e-5d7b-4c1e-9a0b-1c2d3e4f5a6b") String eventId,
    @JsonProperty("partition") @Schema(example = "3") int partition,
    @JsonProperty("offset") @Schema(example = "1042") long offset) {
}
