package io.recsys.sync.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.kafka.EmbeddedKafkaBroker;
import io.recsys.schemas.TopicCreator;
import io.recsys.sync.SyncWorkerApplication;
import java.nio.file.Files;
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
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The worker's OpenAPI document, fetched from the running worker (Qdrant off), has an answer
 * example for every operation, and a request example for any that takes a body.
 */
class ApiDocsTest {

  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

  private static EmbeddedKafkaBroker broker;
  private static ConfigurableApplicationContext app;
  private static JsonNode docs;

  @BeforeAll
  static void start() throws Exception {
    broker = EmbeddedKafkaBroker.start(0, null);
    TopicCreator.createMissing(Map.of("bootstrap.servers", broker.bootstrapServers()), 2,
        (short) 1);
    app = SyncWorkerApplication.start(Map.of(
        SyncWorkerApplication.PORT, 0,
        SyncWorkerApplication.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
        SyncWorkerApplication.SNAPSHOT_DIR,
        Files.createTempDirectory("sync-api-docs").toString(),
        SyncWorkerApplication.QDRANT_ENABLED, false));
    String body = WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + SyncWorkerApplication.port(app))
        .responseTimeout(Duration.ofSeconds(30)).build()
        .get().uri("/v3/api-docs").exchange().expectStatus().isOk()
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
  void everyOperationHasAnAnswerExample() {
    Map<String, JsonNode> operations = new LinkedHashMap<>();
    docs.path("paths").fields().forEachRemaining(path -> path.getValue().fields()
        .forEachRemaining(op -> {
          if (METHODS.contains(op.getKey())) {
            operations.put(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue());
          }
        }));
    assertThat(operations).containsKeys("POST /sync", "GET /sync");
    List<String> missing = new ArrayList<>();
    operations.forEach((name, op) -> {
      if (op.has("requestBody")) {
        checkExamples(op.path("requestBody"), name + ": request", missing);
      }
      List<String> successes = new ArrayList<>();
      op.path("responses").fields().forEachRemaining(r -> {
        checkExamples(r.getValue(), name + ": response " + r.getKey(), missing);
        if (r.getKey().startsWith("2")) {
          successes.add(r.getKey());
        }
      });
      if (successes.isEmpty()) {
        missing.add(name + ": a success response");
      }
    });
    assertThat(missing).as("operations without examples").isEmpty();
    assertThat(operations.get("POST /sync").path("responses").path("503").path("content"))
        .isNotEmpty();
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
