package io.recsys.ingest.web;

import io.recsys.edge.web.OpenApiExamples;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The examples of the ingest API's OpenAPI document ({@code /v3/api-docs}): for every operation
 * a request body per accepted media type, the 202 answer and a 400 problem detail as
 * {@link ProblemHandler} writes it. This is the one place they are written (they replace any an
 * annotation gives); the movies are real ML-1M ones.
 */
public final class ApiExamples extends OpenApiExamples {

  /**
   * One operation's examples.
   *
   * @param requests request bodies by media type: JSON, or text for another type (NDJSON)
   * @param status   the success status the response example belongs to
   * @param response the success body (JSON)
   * @param problem  the 400 answer (JSON)
   */
  record Examples(Map<String, String> requests, String status, String response, String problem) {
  }

  static final Map<String, Examples> OPERATIONS = Map.of(
      "POST /ratings", new Examples(Map.of(JSON, """
          {"user_id": 42, "movie_id": 1193, "rating": 4.5, "event_time": "2026-01-01T12:00:00Z",
           "event_id": "3f1c2a9e-5d7b-4c1e-9a0b-1c2d3e4f5a6b"}"""), "202", """
          {"event_id": "3f1c2a9e-5d7b-4c1e-9a0b-1c2d3e4f5a6b", "partition": 3, "offset": 1042}""",
          """
          {"type": "urn:recsys:problem:invalid-event", "title": "Invalid rating event", "status": 400,
           "detail": "Invalid rating event, nothing was published: movie_id must be positive, was 0; rating must be between 0.5 and 5.0, was 7",
           "instance": "/ratings",
           "errors": [{"field": "movie_id", "message": "must be positive, was 0"},
                      {"field": "rating", "message": "must be between 0.5 and 5.0, was 7"}],
           "error_count": 2}"""),
      "POST /ratings/batch", new Examples(Map.of(JSON, """
          [{"user_id": 42, "movie_id": 1193, "rating": 4.5},
           {"user_id": 42, "movie_id": 661, "rating": null, "event_id": "a1b2c3"},
           {"user_id": 7, "movie_id": 914, "rating": 3.0, "event_time": "2026-01-01T12:00:00Z"}]""",
          "application/x-ndjson", """
          {"user_id": 42, "movie_id": 1193, "rating": 4.5}
          {"user_id": 42, "movie_id": 661, "rating": null, "event_id": "a1b2c3"}
          {"user_id": 7, "movie_id": 914, "rating": 3.0, "event_time": "2026-01-01T12:00:00Z"}
          """), "202", """
          {"accepted": 3, "topic": "ratings",
           "partitions": [{"partition": 1, "count": 1, "min_offset": 517, "max_offset": 517},
                          {"partition": 4, "count": 2, "min_offset": 880, "max_offset": 881}]}""",
          """
          {"type": "urn:recsys:problem:invalid-event", "title": "Invalid rating batch", "status": 400,
           "detail": "1 of 3 events is invalid, so the batch was refused and nothing of it was published: item 1: rating must be a multiple of 0.5, was 4.2",
           "instance": "/ratings/batch",
           "errors": [{"index": 1, "field": "rating", "message": "must be a multiple of 0.5, was 4.2"}],
           "error_count": 1}"""),
      "POST /update_user", new Examples(Map.of(JSON, """
          {"user_id": 1, "movie_id": 1193, "rating": 5.0}"""), "202", """
          {"status": "accepted", "user_id": 1, "movie_id": 1193,
           "event_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "partition": 0, "offset": 2231}""",
          """
          {"type": "urn:recsys:problem:invalid-event", "title": "Invalid rating event", "status": 400,
           "detail": "Invalid rating event, nothing was published: user_id is required",
           "instance": "/update_user",
           "errors": [{"field": "user_id", "message": "is required"}],
           "error_count": 1}"""));

  public ApiExamples() {
    super(OPERATIONS, ApiExamples::operation);
  }

  /** The requests (JSON, or text for another type), the 202 and the 400 answer. */
  private static Operation operation(Examples e) {
    Map<String, Body> requests = new LinkedHashMap<>();
    e.requests().forEach((type, body) -> requests.put(type,
        type.equals(JSON) ? Body.json(body) : Body.text(body)));
    return new Operation(requests, List.of(
        new Response(e.status(), "Accepted: durably in Kafka", JSON,
            Body.json(e.response())),
        new Response("400", "Invalid input, nothing published: a problem detail naming each "
            + "bad field", PROBLEM_JSON, Body.json(e.problem()))));
  }
}
