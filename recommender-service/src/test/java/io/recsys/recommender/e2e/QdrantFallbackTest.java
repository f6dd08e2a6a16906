package io.recsys.recommender.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.kafka.EmbeddedKafkaBroker;
import io.recsys.recommender.RecommenderApplication;
import io.recsys.schemas.TopicCreator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Filtered queries configured to go to Qdrant while no Qdrant answers (a real client, a port
 * nothing listens on): the local index answers, with the filter applied,
 * and {@code method} says Qdrant was unavailable. Unfiltered queries never touch Qdrant.
 */
@Tag("slow")
@ExtendWith(ThreadDumpOnFailure.class)
class QdrantFallbackTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path work;

  private EmbeddedKafkaBroker broker;
  private ConfigurableApplicationContext app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void withQdrantDownTheLocalIndexAnswersFilteredQueriesAndSaysSo() throws Exception {
    broker = EmbeddedKafkaBroker.start(0, null);
    Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
    TopicCreator.createMissing(kafka, 2, (short) 1);
    ReferenceBundle.publishCatalog(kafka);
    app = RecommenderApplication.start(Map.of(
        RecommenderApplication.PORT, 0,
        RecommenderApplication.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
        RecommenderApplication.MODEL_DIR, ReferenceBundle.write(work.resolve("bundle")).toString(),
        "recsys.recommender.state-dir", work.resolve("streams").toString(),
        "recsys.recommender.refresh-interval", "100ms",
        "recsys.recommender.update-timeout", "20s",
        "recsys.recommender.qdrant.enabled", true,
        "recsys.recommender.qdrant.url", "http://127.0.0.1:1",
        "recsys.recommender.qdrant.timeout", "300ms"));
    WebTestClient http = WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + RecommenderApplication.port(app))
        .responseTimeout(Duration.ofSeconds(30)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Health.await(http);
    http.post().uri("/update_user").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("user_id", 3, "movie_id", 1004, "rating", 4.0))
        .exchange().expectStatus().isOk();

    Map<String, Object> filtered = Map.of("user_id", 3, "k", 5,
        "filters", Map.of("genres", List.of("Comedy")));
    JsonNode answer = null;
    while (answer == null || answer.path("recommendations").size() < 5) {
      assertThat(System.nanoTime()).as("catalogue metadata within 60 s").isLessThan(deadline);
      answer = post(http, "/recommend_filter", filtered);
    }
    assertThat(answer.path("method").asText())
        .isEqualTo("gsasrec+exact+filter+qdrant-unavailable");
    answer.path("recommendations").forEach(m ->
        assertThat(m.path("genres").get(0).asText()).isEqualTo("Comedy"));
    assertThat(post(http, "/recommend_fast", Map.of("user_id", 3, "k", 5)).path("method")
        .asText()).isEqualTo("gsasrec+exact");
  }

  private static JsonNode post(WebTestClient http, String path, Map<String, Object> body)
      throws Exception {
    return JSON.readTree(http.post().uri(path).contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body).exchange().expectStatus().isOk()
        .returnResult(String.class).getResponseBody().blockFirst());
  }
}
