package io.recsys.sync.web;

import io.recsys.edge.web.ProblemAssertions;
import io.recsys.kafka.EmbeddedKafkaBroker;
import io.recsys.schemas.TopicCreator;
import io.recsys.sync.SyncWorkerApplication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The sync worker's HTTP edge: {@code POST /sync} and {@code GET /sync} take no body and no
 * parameter, so what a client can get wrong is the method, the path and the media types it
 * accepts. Each gets a 4xx RFC 7807 ProblemDetail, never a 500. One row = method, path, body,
 * content type, Accept, expected status.
 */
@Tag("slow")
class HostileRequestsTest {

  private static EmbeddedKafkaBroker broker;
  private static ConfigurableApplicationContext app;
  private static WebTestClient http;

  @BeforeAll
  static void start() throws Exception {
    Path work = Files.createTempDirectory("sync-hostile");
    broker = EmbeddedKafkaBroker.start(0, null);
    TopicCreator.createMissing(Map.of("bootstrap.servers", broker.bootstrapServers()), 1,
        (short) 1);
    app = SyncWorkerApplication.start(Map.of(
        SyncWorkerApplication.PORT, 0,
        SyncWorkerApplication.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
        SyncWorkerApplication.SNAPSHOT_DIR, work.resolve("snapshots").toString(),
        SyncWorkerApplication.QDRANT_ENABLED, "false",
        "recsys.sync.interval-hours", "0"));
    http = WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + SyncWorkerApplication.port(app))
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

  static Stream<Arguments> hostileRequests() {
    String json = MediaType.APPLICATION_JSON_VALUE;
    return Stream.of(
        Arguments.of(HttpMethod.PUT, "/sync", "{}", json, null, 405),
        Arguments.of(HttpMethod.DELETE, "/sync", null, null, null, 405),
        Arguments.of(HttpMethod.PATCH, "/sync", "{\"force\": true}", json, null, 405),
        Arguments.of(HttpMethod.GET, "/sync/" + "x".repeat(2000), null, null, null, 404),
        Arguments.of(HttpMethod.POST, "/sync/now", "{}", json, null, 404),
        Arguments.of(HttpMethod.GET, "/nothing-here", null, null, null, 404),
        Arguments.of(HttpMethod.GET, "/sync", null, null, "application/xml", 406),
        Arguments.of(HttpMethod.GET, "/sync", null, null, "text/event-stream", 406));
  }

  @ParameterizedTest(name = "{0} {1} (Accept {4})")
  @MethodSource("hostileRequests")
  @Timeout(30)
  void hostileRequestGetsA4xxProblemDetail(HttpMethod method, String path, String body,
                                           String contentType, String accept, int status)
      throws Exception {
    WebTestClient.RequestBodySpec request = http.method(method).uri(path);
    if (contentType != null) {
      request.header(HttpHeaders.CONTENT_TYPE, contentType);
    }
    if (accept != null) {
      request.header(HttpHeaders.ACCEPT, accept);
    }
    EntityExchangeResult<byte[]> result = (body == null ? request
        : request.bodyValue(body.getBytes(StandardCharsets.UTF_8)))
        .exchange().expectBody().returnResult();

    ProblemAssertions.assertProblem(result, status, method + " " + path);
  }
}
