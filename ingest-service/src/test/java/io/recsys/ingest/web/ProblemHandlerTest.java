package io.recsys.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.ingest.IngestMetrics;
import io.recsys.ingest.IngestProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The safety net: a bug answers a ProblemDetail 500 that gives nothing away, and is logged. */
class ProblemHandlerTest {

  static final String SECRET = "secret internal detail: jdbc password hunter2";

  @RestController
  static class Buggy {
    @GetMapping("/buggy")
    String answer() {
      throw new IllegalStateException(SECRET);
    }
  }

  final WebTestClient http = WebTestClient.bindToController(new Buggy())
      .controllerAdvice(new ProblemHandler(new IngestMetrics(new SimpleMeterRegistry()),
          new IngestProperties(10_000, DataSize.ofMegabytes(16),
              Instant.parse("1990-01-01T00:00:00Z"), Duration.ofDays(1), 128, 100,
              Duration.ofSeconds(5), List.of())))
      .build();

  final Logger log = (Logger) LoggerFactory.getLogger(ProblemHandler.class);
  final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void captureLog() {
    logged.start();
    log.addAppender(logged);
  }

  @AfterEach
  void releaseLog() {
    log.detachAppender(logged);
  }

  @Test
  void anUnexpectedExceptionIsA500ProblemWithoutInternalsAndIsLogged() {
    byte[] body = http.get().uri("/buggy").exchange()
        .expectStatus().isEqualTo(500)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status").isEqualTo(500)
        .jsonPath("$.title").isEqualTo("Internal error")
        .jsonPath("$.instance").isEqualTo("/buggy")
        .returnResult().getResponseBodyContent();
    String text = new String(body, StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("secret", "hunter2", "IllegalState", "Exception", "\tat ",
        "io.recsys");
    assertThat(logged.list).anySatisfy(event -> {
      assertThat(event.getLevel()).hasToString("ERROR");
      assertThat(event.getFormattedMessage()).contains("GET", "/buggy");
      assertThat(event.getThrowableProxy().getMessage()).isEqualTo(SECRET);
    });
  }

  @Test
  void springsOwnErrorsKeepTheirStatusAsProblems() {
    http.get().uri("/nothing-here").exchange()
        .expectStatus().isNotFound()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.status").isEqualTo(404);
    http.post().uri("/buggy").exchange()
        .expectStatus().isEqualTo(405)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }
}
