package io.recsys.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.kafka.EmbeddedKafkaBroker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * When Kafka cannot confirm, clients get 503 with Retry-After quickly, never a false 202; and the
 * service recovers when the broker is back. Started through the CLI's entry point
 * {@link IngestApplication#start(Map, String...)}.
 */
class KafkaOutageIntegrationTest {

  private static final String EVENT = "{\"user_id\": 11, \"movie_id\": 22, \"rating\": 3.5}";

  private static Map<String, Object> fastFailing(String bootstrapServers) {
    Map<String, Object> overrides = new HashMap<>();
    overrides.put(IngestApplication.PORT, 0);
    overrides.put(IngestApplication.BOOTSTRAP_SERVERS, bootstrapServers);
    overrides.put("recsys.kafka.max-block", "1s");
    overrides.put("recsys.kafka.request-timeout", "1s");
    overrides.put("recsys.kafka.delivery-timeout", "2s");
    overrides.put("recsys.kafka.health-timeout", "1s");
    overrides.put("recsys.ingest.retry-after", "7s");
    return overrides;
  }

  private static WebTestClient clientOf(ConfigurableApplicationContext context) {
    return WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + IngestApplication.port(context))
        .responseTimeout(Duration.ofSeconds(20))
        .build();
  }

  private static void assert503(WebTestClient client, String path, MediaType type, String body) {
    Instant start = Instant.now();
    client.post().uri(path).contentType(type).bodyValue(body)
        .exchange()
        .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
        .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "7")
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status").isEqualTo(503)
        .jsonPath("$.title").isEqualTo("Kafka unavailable");
    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void brokerLostAfterStartGives503WithRetryAfterAndTheServiceRecovers(@TempDir Path kafkaDir) {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, kafkaDir);
    int kafkaPort = broker.port();
    try (ConfigurableApplicationContext context =
             IngestApplication.start(fastFailing(broker.bootstrapServers()))) {
      WebTestClient client = clientOf(context);
      client.post().uri("/ratings").contentType(MediaType.APPLICATION_JSON).bodyValue(EVENT)
          .exchange().expectStatus().isAccepted();

      broker.close();

      assert503(client, "/ratings", MediaType.APPLICATION_JSON, EVENT);
      assert503(client, "/update_user", MediaType.APPLICATION_JSON, EVENT);
      assert503(client, "/ratings/batch", MediaType.APPLICATION_JSON, "[" + EVENT + "," + EVENT
          + "]");
      client.get().uri("/actuator/health").exchange()
          .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
          .expectBody().jsonPath("$.components.kafka.status").isEqualTo("DOWN");

      broker = EmbeddedKafkaBroker.start(kafkaPort, kafkaDir);
      client.post().uri("/ratings/batch").contentType(MediaType.APPLICATION_JSON)
          .bodyValue("[" + EVENT + "," + EVENT + "]")
          .exchange()
          .expectStatus().isAccepted()
          .expectBody().jsonPath("$.accepted").isEqualTo(2);
    } finally {
      broker.close();
    }
  }

  @Test
  void startsWithoutKafkaAnswers503QuicklyAndCreatesTheTopicsWhenKafkaComes() throws Exception {
    int kafkaPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      kafkaPort = socket.getLocalPort();
    }
    Map<String, Object> overrides = fastFailing("localhost:" + kafkaPort);
    overrides.put("recsys.kafka.admin-timeout", "1s");
    overrides.put("recsys.kafka.topic-retry-interval", "500ms");
    EmbeddedKafkaBroker broker = null;
    try (ConfigurableApplicationContext context = IngestApplication.start(overrides)) {
      WebTestClient client = clientOf(context);
      assert503(client, "/ratings", MediaType.APPLICATION_JSON, EVENT);
      assert503(client, "/ratings/batch", MediaType.parseMediaType("application/x-ndjson"), EVENT);
      // validation does not need Kafka
      client.post().uri("/ratings").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
          .exchange().expectStatus().isBadRequest();

      broker = EmbeddedKafkaBroker.start(kafkaPort, null);
      Instant deadline = Instant.now().plusSeconds(30);
      HttpStatusCode status;
      do {
        assertThat(Instant.now()).as("accepted before the deadline").isBefore(deadline);
        status = client.post().uri("/ratings").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(EVENT).exchange().expectBody().returnResult().getStatus();
        assertThat(status.value()).isIn(202, 503);
      } while (status.value() != 202);
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }
}
