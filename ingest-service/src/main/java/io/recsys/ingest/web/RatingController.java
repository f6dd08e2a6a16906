package io.recsys.ingest.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.ingest.IngestMetrics;
import io.recsys.ingest.IngestProperties;
import io.recsys.schemas.kafka.RatingPublisher;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The ingestion endpoints. Bodies are read with a size limit on the event loop, then parsed,
 * validated and sent on a bounded-elastic thread (a send may block on Kafka metadata); the
 * answer waits for every acknowledgement without blocking any thread.
 */
@RestController
@Tag(name = "ingest", description = "Publish rating events")
public class RatingController {

  static final String NDJSON = "application/x-ndjson";
  private static final String SINGLE_EXAMPLE = """
      {"user_id": 42, "movie_id": 1193, "rating": 4.5, "event_time": "2024-05-01T12:00:00Z"}""";
  private static final String BATCH_EXAMPLE = """
      [{"user_id": 42, "movie_id": 1193, "rating": 4.5},
       {"user_id": 42, "movie_id": 661, "rating": null, "event_id": "a1b2c3"},
       {"user_id": 7, "movie_id": 914, "rating": 3.0, "event_time": "2024-05-01T12:00:00Z"}]""";
  private static final String NDJSON_EXAMPLE = """
      {"user_id": 42, "movie_id": 1193, "rating": 4.5}
      {"user_id": 7, "movie_id": 914, "rating": 3.0}
      """;
  private static final String UPDATE_USER_EXAMPLE = """
      {"user_id": 1, "movie_id": 1193, "rating": 5.0}""";

  private final RatingBodyParser parser;
  private final RatingValidator validator;
  private final RatingPublisher publisher;
  private final IngestMetrics metrics;
  private final IngestProperties props;
  private final Clock clock;

  public RatingController(RatingBodyParser parser, RatingValidator validator,
                          RatingPublisher publisher, IngestMetrics metrics, IngestProperties props,
                          Clock clock) {
    this.parser = parser;
    this.validator = validator;
    this.publisher = publisher;
    this.metrics = metrics;
    this.props = props;
    this.clock = clock;
  }

  @Operation(summary = "Publish one rating event",
      description = "Answers 202 once Kafka has acknowledged the event (acks=all).",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
          content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
              schema = @Schema(implementation = RatingRequest.class),
              examples = @ExampleObject(name = "rating", value = SINGLE_EXAMPLE))))
  @ApiResponse(responseCode = "202", description = "durably in Kafka",
      content = @Content(schema = @Schema(implementation = RatingResponse.class)))
  @ApiResponse(responseCode = "400", description = "invalid event; nothing published",
      content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(responseCode = "503", description = "Kafka did not confirm; retry after the "
      + "Retry-After header", content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
  @PostMapping(path = "/ratings", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  public Mono<ResponseEntity<RatingResponse>> postRating(ServerHttpRequest request) {
    return publishOne(request, "ratings").map(p -> ResponseEntity.accepted()
        .body(new RatingResponse(p.request().eventId(), p.metadata().partition(),
            p.metadata().offset())));
  }

  @Operation(summary = "Record an interaction (prototype-compatible)",
      description = "The prototype's update endpoint: publishes the interaction like POST "
          + "/ratings; the user's recommendations follow asynchronously.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
          content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
              schema = @Schema(implementation = RatingRequest.class),
              examples = @ExampleObject(name = "update", value = UPDATE_USER_EXAMPLE))))
  @ApiResponse(responseCode = "202", description = "durably in Kafka",
      content = @Content(schema = @Schema(implementation = UpdateUserResponse.class)))
  @PostMapping(path = "/update_user", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  public Mono<ResponseEntity<UpdateUserResponse>> updateUser(ServerHttpRequest request) {
    return publishOne(request, "update_user").map(p -> ResponseEntity.accepted()
        .body(new UpdateUserResponse("accepted", p.request().userId(), p.request().movieId(),
            p.request().eventId(), p.metadata().partition(), p.metadata().offset())));
  }

  @Operation(summary = "Publish a batch of rating events (all or nothing)",
      description = "A JSON array, or NDJSON (Content-Type application/x-ndjson, one event a "
          + "line), of at most recsys.ingest.max-batch-size events. If any item is invalid the "
          + "whole batch is refused with 400 listing every failing item index and field, and "
          + "nothing is published. 202 only once Kafka has acknowledged every event.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
          content = {
              @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                  array = @ArraySchema(schema = @Schema(implementation = RatingRequest.class)),
                  examples = @ExampleObject(name = "json-array", value = BATCH_EXAMPLE)),
              @Content(mediaType = NDJSON,
                  schema = @Schema(implementation = RatingRequest.class),
                  examples = @ExampleObject(name = "ndjson", value = NDJSON_EXAMPLE))}))
  @ApiResponse(responseCode = "202", description = "every event durably in Kafka",
      content = @Content(schema = @Schema(implementation = BatchResponse.class)))
  @ApiResponse(responseCode = "413", description = "body or batch over the limits",
      content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
  @PostMapping(path = "/ratings/batch", consumes = {MediaType.APPLICATION_JSON_VALUE, NDJSON},
      produces = MediaType.APPLICATION_JSON_VALUE)
  public Mono<ResponseEntity<BatchResponse>> postBatch(
      ServerHttpRequest request,
      @Parameter(description = "also list every event's id, partition and offset")
      @RequestParam(name = "verbose", defaultValue = "false") boolean verbose) {
    MediaType contentType = request.getHeaders().getContentType();
    boolean ndjson = contentType != null && contentType.isCompatibleWith(MediaType.APPLICATION_NDJSON);
    return RequestBodies.read(request, props.maxBodyBytes())
        .publishOn(Schedulers.boundedElastic())
        .flatMap(body -> {
          List<RatingRequest> requests = validBatch(body, ndjson);
          return Mono.fromFuture(metrics.timePublish("ratings_batch",
                  () -> publisher.publishAll(RatingEvents.toAvro(requests))), true)
              .map(metadata -> BatchResponse.of(publisher.topic(), requests, metadata, verbose));
        })
        .publishOn(Schedulers.parallel())
        .map(response -> {
          metrics.accepted("ratings_batch", response.accepted());
          return ResponseEntity.accepted().body(response);
        });
  }

  private record Published(RatingRequest request, RecordMetadata metadata) {
  }

  private Mono<Published> publishOne(ServerHttpRequest request, String endpoint) {
    return RequestBodies.read(request, props.maxBodyBytes())
        .publishOn(Schedulers.boundedElastic())
        .flatMap(body -> {
          RatingRequest valid = validOne(body);
          return Mono.fromFuture(metrics.timePublish(endpoint,
                  () -> publisher.publish(RatingEvents.toAvro(valid))), true)
              .map(metadata -> new Published(valid, metadata));
        })
        .publishOn(Schedulers.parallel())
        .doOnNext(p -> metrics.accepted(endpoint, 1));
  }

  private RatingRequest validOne(byte[] body) {
    JsonNode node = parser.parseOne(body);
    List<FieldError> errors = new ArrayList<>();
    RatingRequest valid = validator.validate(node, null, clock.instant(), errors);
    if (valid == null) {
      throw ValidationProblems.invalidEvent(errors, props.maxReportedErrors());
    }
    return valid;
  }

  private List<RatingRequest> validBatch(byte[] body, boolean ndjson) {
    List<FieldError> errors = new ArrayList<>();
    List<JsonNode> items = ndjson ? parser.parseNdjson(body, errors) : parser.parseArray(body);
    if (items.isEmpty()) {
      throw InvalidRequestException.malformed("The batch is empty; send at least one event");
    }
    if (items.size() > props.maxBatchSize()) {
      throw new RequestTooLargeException("The batch has " + items.size() + " events, more than "
          + "the limit of " + props.maxBatchSize() + " (recsys.ingest.max-batch-size); split it");
    }
    Instant now = clock.instant();
    List<RatingRequest> requests = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      RatingRequest valid = validator.validate(items.get(i), i, now, errors);
      if (valid != null) {
        requests.add(valid);
      }
    }
    if (!errors.isEmpty()) {
      throw ValidationProblems.invalidBatch(errors, items.size(), props.maxReportedErrors());
    }
    return requests;
  }
}
