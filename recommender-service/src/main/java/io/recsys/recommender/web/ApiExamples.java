package io.recsys.recommender.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.edge.web.OpenApiExamples;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The examples of the recommender's OpenAPI document ({@code /v3/api-docs}): for every
 * operation a request body (when it takes one), the success answer and, when it takes any
 * input, a 400 problem detail. This is the one place they are written; the shapes are those of
 * the prototype-compatible API (snake_case), the movies real ML-1M ones.
 */
public final class ApiExamples extends OpenApiExamples {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String MODEL = "gsasrec-349599af04bcd572";

  /**
   * One operation's examples.
   *
   * @param request  the request body (JSON), or null when the operation takes none
   * @param status   the success status the response example belongs to
   * @param response the success body: JSON, or text for a non-JSON media type
   * @param problem  the 400 answer, or null when the operation takes no input
   */
  record Examples(String request, String status, String response, String problem) {
  }

  static final Map<String, Examples> OPERATIONS = Map.of(
      "POST /recommend_fast", new Examples("""
          {"user_id": 1, "k": 3}""", "200", """
          {"user_id": 1, "recommendations": [
            {"movie_id": 2858, "title": "American Beauty", "genres": ["Comedy", "Drama"], "year": 1999, "score": 11.482},
            {"movie_id": 2571, "title": "Matrix, The", "genres": ["Action", "Sci-Fi", "Thriller"], "year": 1999, "score": 10.937},
            {"movie_id": 1196, "title": "Star Wars: Episode V - The Empire Strikes Back", "genres": ["Action", "Adventure", "Drama", "Sci-Fi", "War"], "year": 1980, "score": 10.511}],
           "latency_ms": 1.842, "method": "gsasrec+exact", "model_version": "%s"}""".formatted(MODEL),
          invalid("/recommend_fast", "user_id", "must be a positive id, was -1",
              "k", "must be between 1 and 1000, was 0")),
      "POST /recommend_filter", new Examples("""
          {"user_id": 1, "k": 3, "filters": {"genres": ["Comedy"], "year_min": 1990, "year_max": 1999, "rating_min": 3.5}}""",
          "200", """
          {"user_id": 1, "recommendations": [
            {"movie_id": 2858, "title": "American Beauty", "genres": ["Comedy", "Drama"], "year": 1999, "score": 11.482},
            {"movie_id": 2396, "title": "Shakespeare in Love", "genres": ["Comedy", "Romance"], "year": 1998, "score": 9.204},
            {"movie_id": 1265, "title": "Groundhog Day", "genres": ["Comedy", "Romance"], "year": 1993, "score": 8.771}],
           "latency_ms": 2.315, "method": "gsasrec+exact+filter", "model_version": "%s"}""".formatted(MODEL),
          invalid("/recommend_filter", "filters.year_min", "is after filters.year_max",
              "filters.rating_min", "must be between 0 and 5, was 7.0")),
      "POST /recommend_batch", new Examples("""
          {"user_ids": [1, 424242], "k": 2}""", "200", """
          {"results": [
            {"user_id": 1, "recommendations": [
              {"movie_id": 2858, "title": "American Beauty", "genres": ["Comedy", "Drama"], "year": 1999, "score": 11.482},
              {"movie_id": 2571, "title": "Matrix, The", "genres": ["Action", "Sci-Fi", "Thriller"], "year": 1999, "score": 10.937}],
             "latency_ms": 1.204, "method": "gsasrec+exact", "model_version": "%s"},
            {"user_id": 424242, "recommendations": [
              {"movie_id": 2858, "title": "American Beauty", "genres": ["Comedy", "Drama"], "year": 1999, "score": 3428.0},
              {"movie_id": 260, "title": "Star Wars: Episode IV - A New Hope", "genres": ["Action", "Adventure", "Fantasy", "Sci-Fi"], "year": 1977, "score": 2991.0}],
             "latency_ms": 0.087, "method": "popular"}],
           "latency_ms": 3.118}""".formatted(MODEL),
          invalid("/recommend_batch", "user_ids[1]", "must be a positive id, was 0")),
      "POST /update_user", new Examples("""
          {"user_id": 1, "movie_id": 1193, "rating": 4.5}""", "200", """
          {"status": "updated", "pending": false, "user_id": 1, "movie_id": 1193,
           "event_id": "3f1c2a9e-5d7b-4c1e-9a0b-1c2d3e4f5a6b", "partition": 3, "offset": 1042,
           "latency_ms": 14.207, "model_version": "%s", "sequence_length": 54,
           "source_event_time": "2026-01-01T12:00:00.123Z", "computed_at": "2026-01-01T12:00:00.131Z",
           "recommendations": [
             {"movie_id": 2858, "title": "American Beauty", "genres": ["Comedy", "Drama"], "year": 1999, "score": 11.482},
             {"movie_id": 593, "title": "Silence of the Lambs, The", "genres": ["Drama", "Thriller"], "year": 1991, "score": 10.06}]}"""
              .formatted(MODEL),
          invalid("/update_user", "movie_id", "is required",
              "rating", "must be in half steps (0.5, 1.0, ... 5.0), was 4.2")),
      "GET /recommendations/stream", new Examples(null, "200", """
          id:1767268800131
          event:recommendations
          data:{"user_id":1,"model_version":"%s","sequence_length":54,"source_event_time":"2026-01-01T12:00:00.123Z","computed_at":"2026-01-01T12:00:00.131Z","recommendations":[{"movie_id":2858,"title":"American Beauty","genres":["Comedy","Drama"],"year":1999,"score":11.482}]}

          :keep-alive

          """.formatted(MODEL),
          invalid("/recommendations/stream", "user_id", "must be a positive id, was 0")),
      "GET /users/{user_id}/history", new Examples(null, "200", """
          {"user_id": 1, "events": [
            {"movie_id": 1193, "title": "One Flew Over the Cuckoo's Nest", "genres": ["Drama"], "year": 1975, "rating": 5.0, "time": "2000-12-31T22:12:40Z"},
            {"movie_id": 661, "title": "James and the Giant Peach", "genres": ["Animation", "Children's", "Musical"], "year": 1996, "rating": 3.0, "time": "2000-12-31T22:35:09Z"},
            {"movie_id": 914, "title": "My Fair Lady", "genres": ["Musical", "Romance"], "year": 1964, "rating": null, "time": "2000-12-31T22:32:48Z"}]}""",
          invalid("/users/0/history", "user_id", "must be a positive id, was 0")),
      "GET /console/config", new Examples(null, "200", """
          {"ingest_url": "http://localhost:8081"}""", null),
      "GET /health", new Examples(null, "200", """
          {"status": "ok", "kafka_streams": "RUNNING", "instance": "localhost:8080", "catalog_movies": 3883,
           "consumer_lag": 0, "model": {"status": "ok", "version": "%s", "method": "gsasrec+exact"}}"""
          .formatted(MODEL), null),
      "GET /stats", new Examples(null, "200", """
          {"kafka_streams": "RUNNING", "instance": "localhost:8080",
           "model": {"status": "ok", "version": "%s", "method": "gsasrec+exact"},
           "users": 6040, "users_scope": "this instance's partitions", "items": 3883,
           "events_processed": 1000209,
           "events": {"processed": 1000209, "applied": 1000209, "ignored": 0, "rejected": 0,
                      "users_recomputed": 6040, "recompute_failures": 0},
           "consumer_lag": 0, "consumer_lag_by_topic": {"ratings": 0},
           "freshness_ms": {"count": 6040, "p50": 7.3, "p99": 41.9, "mean": 9.8},
           "queries": {"recommend_fast": {"count": 1200, "p50": 1.1, "p99": 4.6, "mean": 1.4, "qps_since_start": 2.0}},
           "uptime_s": 600.5,
           "system": {"process_cpu": 0.12, "system_cpu": 0.2, "ram_total_mb": 24032, "ram_free_mb": 17110,
                      "heap_used_mb": 412, "heap_max_mb": 6008, "disk_free_gb": 61.3, "disk_total_gb": 105.1,
                      "disk_path": "var/streams", "cores": 2}}""".formatted(MODEL), null));

  public ApiExamples() {
    super(OPERATIONS, ApiExamples::operation);
  }

  /** The request (JSON), the success answer (JSON, or text) and the 400 answer, if any. */
  private static Operation operation(Examples e) {
    List<Response> responses = new ArrayList<>();
    responses.add(new Response(e.status(), "OK", JSON, e.response().startsWith("{")
        ? Body.json(e.response()) : Body.text(e.response())));
    if (e.problem() != null) {
      responses.add(new Response("400", "Invalid input: an RFC 7807 problem detail naming each "
          + "bad field", PROBLEM_JSON, Body.json(e.problem())));
    }
    return new Operation(e.request() == null ? Map.of() : Map.of(JSON, Body.json(e.request())),
        responses);
  }

  /** A 400 answer as {@link ProblemHandler} writes it: pairs of field and message. */
  private static String invalid(String instance, String... fieldsAndMessages) {
    List<Map<String, String>> errors = new ArrayList<>();
    StringBuilder detail = new StringBuilder();
    for (int i = 0; i < fieldsAndMessages.length; i += 2) {
      Map<String, String> error = new LinkedHashMap<>();
      error.put("field", fieldsAndMessages[i]);
      error.put("message", fieldsAndMessages[i + 1]);
      errors.add(error);
      detail.append(i == 0 ? "" : "; ").append(fieldsAndMessages[i]).append(' ')
          .append(fieldsAndMessages[i + 1]);
    }
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", "Invalid request");
    problem.put("status", 400);
    problem.put("detail", detail.toString());
    problem.put("instance", instance);
    problem.put("errors", errors);
    problem.put("error_count", errors.size());
    try {
      return MAPPER.writeValueAsString(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
