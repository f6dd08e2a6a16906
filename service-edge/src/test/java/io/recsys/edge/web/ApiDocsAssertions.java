package io.recsys.edge.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Checks of a running service's OpenAPI document ({@code /v3/api-docs}) and its examples. */
public final class ApiDocsAssertions {

  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

  private ApiDocsAssertions() {
  }

  /** The service's OpenAPI document, which must answer 200. */
  public static JsonNode docs(WebTestClient http) throws JsonProcessingException {
    String body = http.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
        .expectBody(String.class).returnResult().getResponseBody();
    return new ObjectMapper().readTree(body);
  }

  /** The document's operations by {@code "METHOD /path"} ({@code "POST /ratings"}). */
  public static Map<String, JsonNode> operations(JsonNode docs) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    docs.path("paths").fields().forEachRemaining(path -> path.getValue().fields()
        .forEachRemaining(op -> {
          if (METHODS.contains(op.getKey())) {
            out.put(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue());
          }
        }));
    return out;
  }

  /**
   * What lacks an example: each request body; each answer whose status {@code answers} selects;
   * an operation without any success answer; and the 400 answer of each operation
   * {@code needsProblem} selects, whose examples must also say {@code "status": 400}.
   */
  public static List<String> missingExamples(Map<String, JsonNode> operations,
                                             Predicate<String> answers,
                                             Predicate<JsonNode> needsProblem) {
    List<String> missing = new ArrayList<>();
    operations.forEach((name, op) -> {
      if (op.has("requestBody")) {
        checkExamples(op.path("requestBody"), name + ": request", missing);
      }
      List<String> successes = new ArrayList<>();
      op.path("responses").fields().forEachRemaining(r -> {
        if (answers.test(r.getKey())) {
          checkExamples(r.getValue(), name + ": response " + r.getKey(), missing);
        }
        if (r.getKey().startsWith("2")) {
          successes.add(r.getKey());
        }
      });
      if (successes.isEmpty()) {
        missing.add(name + ": a success response");
      }
      if (needsProblem.test(op)) {
        JsonNode bad = op.path("responses").path("400");
        checkExamples(bad, name + ": response 400", missing);
        bad.path("content").forEach(type -> type.path("examples").forEach(e ->
            assertThat(e.path("value").path("status").asInt()).as(name + " 400").isEqualTo(400)));
      }
    });
    return missing;
  }

  /** Whether a client sends anything the service checks: a body, a path or query parameter. */
  public static boolean takesInput(JsonNode op) {
    if (op.has("requestBody")) {
      return true;
    }
    for (JsonNode p : op.path("parameters")) {
      if (!"header".equals(p.path("in").asText())) {
        return true;
      }
    }
    return false;
  }

  /** Every media type of a request body's or response's content has an example. */
  public static void checkExamples(JsonNode bodyOrResponse, String what, List<String> missing) {
    JsonNode content = bodyOrResponse.path("content");
    if (content.isEmpty()) {
      missing.add(what);
    }
    content.fields().forEachRemaining(type -> {
      JsonNode mediaType = type.getValue();
      if (mediaType.path("example").isMissingNode() && mediaType.path("examples").isEmpty()) {
        missing.add(what + " " + type.getKey());
      }
    });
  }
}
