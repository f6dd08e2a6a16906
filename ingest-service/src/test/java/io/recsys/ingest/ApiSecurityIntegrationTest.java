package io.recsys.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.kafka.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The ingest service with API keys and a rate limit configured, as in production: writes need a
 * key, the key never reaches a log, actuator shows only health, info and metrics.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiSecurityIntegrationTest {

  private static final String KEY = "test-key-0123456789abcdef";
  private static final String EVENT = "{\"user_id\": 11, \"movie_id\": 22, \"rating\": 3.5}";

  private static EmbeddedKafkaBroker broker;
  private static ConfigurableApplicationContext app;
  private static WebTestClient http;

  @BeforeAll
  static void start() {
    broker = EmbeddedKafkaBroker.start(0, null);
    app = IngestApplication.start(Map.of(
        IngestApplication.PORT, 0,
        IngestApplication.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
        "recsys.security.api-keys", "old-key-0123456789abcdef," + KEY,
        "recsys.rate-limit.requests-per-second", "5",
        "recsys.rate-limit.burst", "20"));
    http = WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + IngestApplication.port(app))
        .responseTimeout(Duration.ofSeconds(20)).build();
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
  void writesNeedAConfiguredKey(CapturedOutput output) {
    http.post().uri("/ratings").contentType(MediaType.APPLICATION_JSON).bodyValue(EVENT)
        .exchange().expectStatus().isUnauthorized()
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    http.post().uri("/ratings/batch").contentType(MediaType.APPLICATION_JSON)
        .bodyValue("[" + EVENT + "]").header("X-API-Key", "not-the-key-0123456789")
        .exchange().expectStatus().isForbidden();
    http.post().uri("/ratings").contentType(MediaType.APPLICATION_JSON).bodyValue(EVENT)
        .header("X-API-Key", KEY).exchange().expectStatus().isAccepted();
    http.post().uri("/update_user").contentType(MediaType.APPLICATION_JSON).bodyValue(EVENT)
        .header("Authorization", "Bearer " + KEY).exchange().expectStatus().is2xxSuccessful();
    assertThat(output.getAll()).doesNotContain(KEY).doesNotContain("not-the-key-0123456789");
  }

  @Test
  void healthIsOpenAndActuatorShowsNothingElse() {
    http.get().uri("/actuator/health").exchange().expectStatus().is2xxSuccessful();
    http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    http.get().uri("/actuator/env").exchange().expectStatus().isNotFound();
    http.get().uri("/actuator/configprops").exchange().expectStatus().isNotFound();
    http.get().uri("/actuator/heapdump").exchange().expectStatus().isNotFound();
  }

  @Test
  void aClientAboveItsRateGets429WithRetryAfterButHealthChecksStillPass() {
    // the refused response itself is checked: a further request could already find a new token
    // (one per 200 ms) on a slow machine
    EntityExchangeResult<String> refused = null;
    for (int i = 0; i < 40 && refused == null; i++) {
      EntityExchangeResult<String> result = http.post().uri("/ratings")
          .contentType(MediaType.APPLICATION_JSON).bodyValue(EVENT).header("X-API-Key", KEY)
          .exchange().expectBody(String.class).returnResult();
      if (result.getStatus().value() == 429) {
        refused = result;
      }
    }
    assertThat(refused).as("a 429 within 40 requests at 5/s with a burst of 20").isNotNull();
    assertThat(refused.getResponseHeaders().getFirst("Retry-After")).isNotBlank();
    assertThat(refused.getResponseBody()).contains("\"title\":\"Too many requests\"");
    http.get().uri("/actuator/health").exchange().expectStatus().is2xxSuccessful();
  }
}
