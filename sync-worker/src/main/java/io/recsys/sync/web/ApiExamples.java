package io.recsys.sync.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * The examples of the sync worker's OpenAPI document ({@code /v3/api-docs}): the answer of
 * every operation, and of {@code POST /sync} also its 503 when a run fails. The operations take
 * no input (no body, no parameters), so they have no request and no 400 example. This is the
 * one place the examples are written.
 */
public final class ApiExamples implements OpenApiCustomizer {

  private static final Logger log = LoggerFactory.getLogger(ApiExamples.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "gsasrec-c73db42bfaaad96a";
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

  /** The examples as values for the document, parsed once: a malformed one fails at start-up. */
  private final Map<String, Map<String, Object>> values = new LinkedHashMap<>();

  public ApiExamples() {
    OPERATIONS.forEach((operation, answers) -> {
      Map<String, Object> parsed = new LinkedHashMap<>();
      answers.forEach((status, json) -> parsed.put(status, parse(operation, json)));
      values.put(operation, parsed);
    });
  }

  @Override
  public void customise(OpenAPI api) {
    if (api.getPaths() == null) {
      return;
    }
    api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
      Map<String, Object> answers = values.get(method + " " + path);
      if (answers == null) {
        log.warn("No examples for {} {} in the OpenAPI document; add them to {}", method, path,
            ApiExamples.class.getName());
      } else {
        answers.forEach((status, value) -> setExample(op, status, value));
      }
    }));
  }

  private static void setExample(Operation op, String status, Object value) {
    if (op.getResponses() == null) {
      op.setResponses(new ApiResponses());
    }
    ApiResponse response = op.getResponses().computeIfAbsent(status, s -> new ApiResponse()
        .description(s.startsWith("2") ? "OK" : "The run failed; it is retried on schedule"));
    Content content = response.getContent() == null ? new Content() : response.getContent();
    if (content.isEmpty()) {
      content.addMediaType("application/json", new MediaType());
    }
    content.values().forEach(type -> type.setExamples(Map.of("example",
        new Example().value(value))));
    response.setContent(content);
  }

  private static Object parse(String operation, String json) {
    try {
      return JSON.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("An example of " + operation + " is not JSON: "
          + e.getOriginalMessage(), e);
    }
  }
}
