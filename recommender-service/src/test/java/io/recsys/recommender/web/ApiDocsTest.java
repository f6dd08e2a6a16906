package io.recsys.recommender.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.edge.web.ApiDocsAssertions;
import io.recsys.kafka.EmbeddedKafkaBroker;
import io.recsys.recommender.RecommenderApplication;
import io.recsys.schemas.TopicCreator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    docs = ApiDocsAssertions.docs(http);
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
    Map<String, JsonNode> operations = ApiDocsAssertions.operations(docs);
    assertThat(operations).containsKeys("POST /recommend_fast", "POST /recommend_filter",
        "POST /recommend_batch", "POST /update_user", "GET /recommendations/stream",
        "GET /health", "GET /stats", "GET /console/config");
    assertThat(operations.keySet()).anyMatch(k -> k.matches("GET /users/\\{[a-z_A-Z]+}/history"));
    assertThat(ApiDocsAssertions.missingExamples(operations, code -> code.startsWith("2"),
        ApiDocsAssertions::takesInput)).as("operations without examples").isEmpty();
  }

  @Test
  void theRequestSchemasUseTheWireNamesOfTheExamples() {
    ApiDocsAssertions.operations(docs).forEach((name, op) -> {
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
    ApiDocsAssertions.operations(docs).forEach((name, op) -> {
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
    while (!http.get().uri("/health").exchange().expectBody().returnResult().getStatus()
        .is2xxSuccessful()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the recommender did not become healthy within 60 s");
      }
      Thread.sleep(100);
    }
  }
}
