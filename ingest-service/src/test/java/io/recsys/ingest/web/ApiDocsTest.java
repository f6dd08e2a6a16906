package io.recsys.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.ingest.IngestApplication;
import io.recsys.kafka.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The OpenAPI document of the running service has examples everywhere: a request example for
 * every accepted media type, a success and a 400 problem-detail example for every operation;
 * and the request examples are accepted (202) by the service itself.
 */
class ApiDocsTest {

  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

  private static EmbeddedKafkaBroker broker;
  private static ConfigurableApplicationContext app;
  private static WebTestClient http;
  private static JsonNode docs;

  @BeforeAll
  static void start() throws Exception {
    broker = EmbeddedKafkaBroker.start(0, null);
    app = IngestApplication.start(0, broker.bootstrapServers());
    http = WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + IngestApplication.port(app))
        .responseTimeout(Duration.ofSeconds(30)).build();
    String body = http.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
        .expectBody(String.class).returnResult().getResponseBody();
    docs = new ObjectMapper().readTree(body);
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void everyOperationHasRequestResponseAndProblemExamples() {
    Map<String, JsonNode> operations = operations();
    assertThat(operations).containsKeys("POST /ratings", "POST /ratings/batch",
        "POST /update_user");
    assertThat(operations.get("POST /ratings/batch").path("requestBody").path("content"))
        .hasSize(2);
    List<String> missing = new ArrayList<>();
    operations.forEach((name, op) -> {
      if (op.has("requestBody")) {
        checkExamples(op.path("requestBody"), name + ": request", missing);
      }
      List<String> successes = new ArrayList<>();
      op.path("responses").fieldNames().forEachRemaining(code -> {
        if (code.startsWith("2")) {
          successes.add(code);
          checkExamples(op.path("responses").path(code), name + ": response " + code, missing);
        }
      });
      if (successes.isEmpty()) {
        missing.add(name + ": a success response");
      }
      JsonNode bad = op.path("responses").path("400");
      checkExamples(bad, name + ": response 400", missing);
      bad.path("content").forEach(type -> type.path("examples").forEach(e ->
          assertThat(e.path("value").path("status").asInt()).as(name + " 400").isEqualTo(400)));
    });
    assertThat(missing).as("operations without examples").isEmpty();
  }

  @Test
  void theRequestExamplesAreAcceptedByTheService() {
    operations().forEach((name, op) -> op.path("requestBody").path("content").fields()
        .forEachRemaining(type -> {
          JsonNode example = type.getValue().path("examples").path("example").path("value");
          String body = example.isTextual() ? example.asText() : example.toString();
          http.post().uri(name.substring(name.indexOf(' ') + 1))
              .contentType(MediaType.parseMediaType(type.getKey())).bodyValue(body).exchange()
              .expectStatus().value(status -> assertThat(status)
                  .as(name + " " + type.getKey() + " " + body).isEqualTo(202));
        }));
  }

  private static Map<String, JsonNode> operations() {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    docs.path("paths").fields().forEachRemaining(path -> path.getValue().fields()
        .forEachRemaining(op -> {
          if (METHODS.contains(op.getKey())) {
            out.put(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue());
          }
        }));
    return out;
  }

  /** Every media type of a request body's or response's content has an example. */
  private static void checkExamples(JsonNode bodyOrResponse, String what, List<String> missing) {
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
