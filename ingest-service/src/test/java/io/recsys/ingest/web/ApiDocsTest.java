package io.recsys.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.edge.web.ApiDocsAssertions;
import io.recsys.ingest.IngestApplication;
import io.recsys.kafka.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.Map;
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
    docs = ApiDocsAssertions.docs(http);
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
    assertThat(operations).containsKeys("POST /ratings", "POST /ratings/batch",
        "POST /update_user");
    assertThat(operations.get("POST /ratings/batch").path("requestBody").path("content"))
        .hasSize(2);
    assertThat(ApiDocsAssertions.missingExamples(operations, code -> code.startsWith("2"),
        op -> true)).as("operations without examples").isEmpty();
  }

  @Test
  void theRequestExamplesAreAcceptedByTheService() {
    ApiDocsAssertions.operations(docs).forEach((name, op) -> op.path("requestBody")
        .path("content").fields().forEachRemaining(type -> {
          JsonNode example = type.getValue().path("examples").path("example").path("value");
          String body = example.isTextual() ? example.asText() : example.toString();
          http.post().uri(name.substring(name.indexOf(' ') + 1))
              .contentType(MediaType.parseMediaType(type.getKey())).bodyValue(body).exchange()
              .expectStatus().value(status -> assertThat(status)
                  .as(name + " " + type.getKey() + " " + body).isEqualTo(202));
        }));
  }
}
