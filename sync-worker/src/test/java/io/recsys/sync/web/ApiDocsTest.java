package io.recsys.sync.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.edge.web.ApiDocsAssertions;
import io.recsys.kafka.EmbeddedKafkaBroker;
import io.recsys.schemas.TopicCreator;
import io.recsys.sync.SyncWorkerApplication;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
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
    docs = ApiDocsAssertions.docs(WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + SyncWorkerApplication.port(app))
        .responseTimeout(Duration.ofSeconds(30)).build());
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
    Map<String, JsonNode> operations = ApiDocsAssertions.operations(docs);
    assertThat(operations).containsKeys("POST /sync", "GET /sync");
    assertThat(ApiDocsAssertions.missingExamples(operations, code -> true, op -> false))
        .as("operations without examples").isEmpty();
    assertThat(operations.get("POST /sync").path("responses").path("503").path("content"))
        .isNotEmpty();
  }
}
