package io.recsys.recommender.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.kafka.EmbeddedKafkaBroker;
import io.recsys.recommender.RecommenderApplication;
import io.recsys.schemas.TopicCreator;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * every body, a success example for every operation, a 400 problem detail for every operation
 * that takes input; and the request examples are accepted by the service itself. (No model
 * bundle: the document does not depend on one, and the queries answer with popular movies.)
 */
class ApiDocsTest {

  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

  private static EmbeddedKafkaBroker broker;
  private static ConfigurableApplicationContext app;
  private static WebTestClient http;
  private static JsonNode docs;

  @BeforeAll
  static void start() throws Exception {
    Path work = Files.createTempDirectory("recommender-api-docs");
    broker = EmbeddedKafkaBroker.start(0, null);
    TopicCreator.createMissing(Map.of("bootstrap.servers", broker.bootstrapServers()), 2,
        (short) 1);
    app = RecommenderApplication.start(Map.of(
        RecommenderApplication.PORT, 0,
        RecommenderApplication.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
        RecommenderApplication.MODEL_DIR, work.resolve("no-model").toString(),
        "recsys.recommender.state-dir", work.resolve("streams").toString(),
        "recsys.recommender.update-timeout", "200ms"));
    http = WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + RecommenderApplication.port(app))
        .responseTimeout(Duration.ofSeconds(30)).build();
    String body = http.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
        .expectBody(String.class).returnResult().getResponseBody();
    docs = new ObjectMapper().readTree(body);
    awaitHealthy();
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
    assertThat(operations).containsKeys("POST /recommend_fast", "POST /recommend_filter",
        "POST /recommend_batch", "POST /update_user", "GET /recommendations/stream",
        "GET /health", "GET /stats", "GET /console/config");
    assertThat(operations.keySet()).anyMatch(k -> k.matches("GET /users/\\{[a-z_A-Z]+}/history"));
    List<String> missing = new ArrayList<>();
    operations.forEach((name, op) -> {
      if (op.has("requestBody")) {
        checkExamples(op.path("requestBody"), name + ": request", missing);
      }
      List<Map.Entry<String, JsonNode>> successes = new ArrayList<>();
      op.path("responses").fields().forEachRemaining(r -> {
        if (r.getKey().startsWith("2")) {
          successes.add(r);
        }
      });
      if (successes.isEmpty()) {
        missing.add(name + ": a success response");
      }
      successes.forEach(r -> checkExamples(r.getValue(), name + ": response " + r.getKey(),
          missing));
      if (takesInput(op)) {
        JsonNode bad = op.path("responses").path("400");
        checkExamples(bad, name + ": response 400", missing);
        bad.path("content").forEach(type -> type.path("examples").forEach(e ->
            assertThat(e.path("value").path("status").asInt()).as(name + " 400").isEqualTo(400)));
      }
    });
    assertThat(missing).as("operations without examples").isEmpty();
  }

  @Test
  void theRequestSchemasUseTheWireNamesOfTheExamples() {
    operations().forEach((name, op) -> {
      JsonNode json = op.path("requestBody").path("content").path("application/json");
      if (json.isMissingNode()) {
        return;
      }
      String ref = json.path("schema").path("$ref").asText();
      JsonNode schema = docs.path("components").path("schemas")
          .path(ref.substring(ref.lastIndexOf('/') + 1));
      List<String> properties = new ArrayList<>();
      schema.path("properties").fieldNames().forEachRemaining(properties::add);
      List<String> sent = new ArrayList<>();
      json.path("examples").path("example").path("value").fieldNames().forEachRemaining(sent::add);
      assertThat(properties).as(name + " " + ref).containsAll(sent);
    });
  }

  @Test
  void theRequestExamplesAreAcceptedByTheService() {
    operations().forEach((name, op) -> {
      if (!name.startsWith("POST ")) {
        return;
      }
      JsonNode example = op.path("requestBody").path("content").path("application/json")
          .path("examples").path("example").path("value");
      http.post().uri(name.substring("POST ".length())).contentType(MediaType.APPLICATION_JSON)
          .bodyValue(example.toString()).exchange()
          .expectStatus().value(status -> assertThat(status).as(name + " " + example)
              .isBetween(200, 299));
    });
  }

  /** The queries answer 503 until the topology runs. */
  private static void awaitHealthy() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!http.get().uri("/health").exchange().returnResult(String.class).getStatus()
        .is2xxSuccessful()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the recommender did not become healthy within 60 s");
      }
      Thread.sleep(100);
    }
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

  /** Whether a client sends anything the service checks: a body, a path or query parameter. */
  private static boolean takesInput(JsonNode op) {
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
