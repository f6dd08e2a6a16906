package io.recsys.recommender.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.recsys.recommender.streams.StateNotReadyException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Errors at the HTTP edge are RFC 7807 ProblemDetails. */
class ProblemHandlerTest {

  static final String SECRET = "secret internal detail: jdbc password hunter2";

  @RestController
  static class Rebalancing {
    @GetMapping("/rebalancing")
    String answer() {
      throw new StateNotReadyException("the recommender's state is REBALANCING");
    }

    @GetMapping("/buggy")
    String buggy() {
      throw new IllegalStateException(SECRET);
    }
  }

  private final WebTestClient http = WebTestClient.bindToController(new Rebalancing())
      .controllerAdvice(new ProblemHandler(1024)).build();

  private final Logger log = (Logger) LoggerFactory.getLogger(ProblemHandler.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

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
    assertThat(new String(body, StandardCharsets.UTF_8)).doesNotContain("secret", "hunter2",
        "IllegalState", "Exception", "\tat ", "io.recsys");
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

  @Test
  void stateNotReadyIsA503ProblemWithRetryAfter() {
    http.get().uri("/rebalancing").exchange()
        .expectStatus().isEqualTo(503)
        .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, ProblemHandler.RETRY_AFTER_SECONDS)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status").isEqualTo(503)
        .jsonPath("$.title").isEqualTo("State not ready")
        .jsonPath("$.detail").value(d -> org.assertj.core.api.Assertions.assertThat((String) d)
            .contains("REBALANCING"));
  }
}
