package io.recsys.recommender.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.ingest.IngestApplication;
import io.recsys.kafka.EmbeddedKafkaBroker;
import io.recsys.recommender.RecommenderApplication;
import io.recsys.schemas.TopicCreator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
 * The broker stopped and restarted under the ingest-service and the recommender: while it is
 * down the ingest API answers 503 (never a false 202); once it is back, both resume by
 * themselves, and every event that got a 202 ends up in its user's history.
 */
@Tag("slow")
@ExtendWith(ThreadDumpOnFailure.class)
class BrokerRestartTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path work;

  private EmbeddedKafkaBroker broker;
  private ConfigurableApplicationContext ingest;
  private ConfigurableApplicationContext recommender;

  @AfterEach
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {recommender, ingest, broker}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing after a failure: nothing more to learn
      }
    }
  }

  private record Sent(long user, long movie, long timeMillis) {
  }

  @Test
  void acceptedEventsSurviveABrokerRestartAndEverythingResumesByItself() throws Exception {
    broker = EmbeddedKafkaBroker.start(0, work.resolve("kafka"));
    int kafkaPort = broker.port();
    TopicCreator.createMissing(Map.of("bootstrap.servers", broker.bootstrapServers()), 2,
        (short) 1);
    Map<String, Object> ingestSettings = new HashMap<>();
    ingestSettings.put(IngestApplication.PORT, 0);
    ingestSettings.put(IngestApplication.BOOTSTRAP_SERVERS, broker.bootstrapServers());
    ingestSettings.put("recsys.kafka.max-block", "1s");
    ingestSettings.put("recsys.kafka.request-timeout", "1s");
    ingestSettings.put("recsys.kafka.delivery-timeout", "2s");
    ingest = IngestApplication.start(ingestSettings);
    recommender = RecommenderApplication.start(Map.of(
        RecommenderApplication.PORT, 0,
        RecommenderApplication.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
        RecommenderApplication.MODEL_DIR, ReferenceBundle.write(work.resolve("bundle")).toString(),
        "recsys.recommender.state-dir", work.resolve("streams").toString()));
    WebTestClient ingestHttp = WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + IngestApplication.port(ingest))
        .responseTimeout(Duration.ofSeconds(20)).build();
    WebTestClient recommenderHttp = WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + RecommenderApplication.port(recommender))
        .responseTimeout(Duration.ofSeconds(20)).build();

    List<Sent> accepted = new ArrayList<>();
    long time = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    for (int i = 0; i < 20; i++) {
      Sent e = new Sent(1 + i % 5, 1001 + i, time++);
      assertThat(post(ingestHttp, e)).isEqualTo(202);
      accepted.add(e);
    }

    broker.close();
    for (int i = 0; i < 5; i++) {
      Sent e = new Sent(1 + i % 5, 1030 + i, time++);
      int status = post(ingestHttp, e);
      assertThat(status).as("while the broker is down").isEqualTo(503);
    }

    broker = EmbeddedKafkaBroker.start(kafkaPort, work.resolve("kafka"));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    for (int i = 0; i < 20; i++) {
      Sent e = new Sent(1 + i % 5, 1050 + i, time++);
      int status;
      while ((status = post(ingestHttp, e)) != 202) {
        assertThat(status).isEqualTo(503);
        assertThat(System.nanoTime()).as("ingest accepts again within 60 s").isLessThan(deadline);
        Thread.sleep(200);
      }
      accepted.add(e);
    }

    for (long user = 1; user <= 5; user++) {
      long u = user;
      List<Sent> expected = accepted.stream().filter(s -> s.user() == u).toList();
      List<Sent> seen = List.of();
      while (!seen.containsAll(expected)) {
        assertThat(System.nanoTime()).as("user %d's accepted events in the history", u)
            .isLessThan(deadline + Duration.ofSeconds(30).toNanos());
        Thread.sleep(200);
        seen = history(recommenderHttp, u);
      }
    }
  }

  private static int post(WebTestClient http, Sent e) {
    return http.post().uri("/ratings").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("user_id", e.user(), "movie_id", e.movie(), "rating", 4.0,
            "event_time", Instant.ofEpochMilli(e.timeMillis()).toString()))
        .exchange().expectBody().returnResult().getStatus().value();
  }

  private static List<Sent> history(WebTestClient http, long user) throws Exception {
    var result = http.get().uri("/users/" + user + "/history").exchange()
        .returnResult(String.class);
    if (result.getStatus().value() != 200) {
      return List.of(); // restoring after the restart: 503 until the stores are ready
    }
    List<Sent> events = new ArrayList<>();
    for (JsonNode e : JSON.readTree(result.getResponseBody().blockFirst()).path("events")) {
      events.add(new Sent(user, e.path("movie_id").asLong(),
          Instant.parse(e.path("time").asText()).toEpochMilli()));
    }
    return events;
  }
}
