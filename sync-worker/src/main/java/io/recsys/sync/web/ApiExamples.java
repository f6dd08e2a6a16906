package io.recsys.sync.web;

import io.recsys.edge.web.OpenApiExamples;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The examples of the sync worker's OpenAPI document ({@code /v3/api-docs}): the answer of
 * every operation, and of {@code POST /sync} also its 503 when a run fails. The operations take
 * no input (no body, no parameters), so they have no request and no 400 example. This is the
 * one place the examples are written.
 */
public final class ApiExamples extends OpenApiExamples {

  private static final String MODEL = "gsasrec-349599af04bcd572";
  private static final String DETAIL = "1 snapshot(s), 1 built, 1 announced; qdrant"
      + " items_c73db42bfaaa: 3416 points written, alias swapped; 2140 ms";

  /** The answers of one operation, by status (JSON). */
  static final Map<String, Map<String, String>> OPERATIONS = Map.of(
      "POST /sync", Map.of("200", """
          {"status": "ok", "detail": "%s",
           "model_id": "%s", "model_version": "%s",
           "snapshots": [{"requested": "flat", "kind": "flat",
                          "path": "var/snapshots/%s.flat.snapshot",
                          "sha256": "415a91dd74cbffffdc6393bb1cbdbd23cbe9f8b9b4be2d811070ba8f4d29e70f",
                          "count": 3416, "built_now": true}],
           "announced": 1,
           "qdrant": {"collection": "items_c73db42bfaaa", "points_written": 3416,
                      "alias_swapped": true, "deleted": ["items_5b1e07c2d9a4"]},
           "duration_ms": 2140}""".formatted(DETAIL, MODEL, MODEL, MODEL),
          "503", """
          {"status": "failed",
           "detail": "qdrant items_c73db42bfaaa: UNAVAILABLE: io exception"}"""),
      "GET /sync", Map.of("200", """
          {"latest_model": "%s", "rolled_out": "%s",
           "last_run": {"trigger": "on-demand", "at": "2026-01-01T12:00:02.140Z", "ok": true,
                        "detail": "%s"}}""".formatted(MODEL, MODEL, DETAIL)));

  public ApiExamples() {
    super(OPERATIONS, ApiExamples::operation);
  }

  /** The answers, all JSON; no request. */
  private static Operation operation(Map<String, String> answers) {
    List<Response> responses = new ArrayList<>();
    answers.forEach((status, json) -> responses.add(new Response(status,
        status.startsWith("2") ? "OK" : "The run failed; it is retried on schedule", JSON,
        Body.json(json))));
    return new Operation(Map.of(), responses);
  }
}
