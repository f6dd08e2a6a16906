package io.recsys.ingest.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One reason a request was refused.
 *
 * @param index   the item's 0-based position in a batch (array element or non-blank NDJSON
 *                line); absent for single-event endpoints
 * @param field   the JSON field at fault; {@code "$"} for the item (or body) as a whole
 * @param message what is wrong with it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "One field that failed validation")
public record FieldError(
    @JsonProperty("index") @Schema(description = "0-based item index (batches only)", example = "3")
    Integer index,
    @JsonProperty("field") @Schema(example = "rating") String field,
    @JsonProperty("message") @Schema(example = "must be between 0.5 and 5.0") String message) {

  /** The item (or body) as a whole, not one of its fields. */
  public static final String WHOLE = "$";
}
