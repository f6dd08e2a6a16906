package io.recsys.edge.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What every service's ProblemHandler must do, the safety net: a bug answers a ProblemDetail 500
 * that gives nothing away, and is logged (to the handler's own logger, with its stack trace);
 * Spring's own errors keep their status, as problems. Subclass it per service (elsewhere through
 * this module's test-jar), give the handler, and add the service's own cases with
 * {@link #http()}.
 */
public abstract class ProblemHandlerContractTest {

  public static final String SECRET = "secret internal detail: jdbc password hunter2";

  /** Answers {@code GET /buggy} with a bug. */
  @RestController
  public static class Buggy {
    @GetMapping("/buggy")
    String answer() {
      throw new IllegalStateException(SECRET);
    }
  }

  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private WebTestClient http;
  private Logger log;

  /** The service's controller advice under test. */
  protected abstract Object handler();

  /** Controllers of the service's own cases, bound beside {@link Buggy}. */
  protected List<Object> controllers() {
    return List.of();
  }

  /** A client of {@link Buggy} and {@link #controllers()}, with {@link #handler()} as advice. */
  protected WebTestClient http() {
    return http;
  }

  @BeforeEach
  void bindAndCaptureLog() {
    Object handler = handler();
    List<Object> controllers = new ArrayList<>();
    controllers.add(new Buggy());
    controllers.addAll(controllers());
    http = WebTestClient.bindToController(controllers.toArray()).controllerAdvice(handler)
        .build();
    log = (Logger) LoggerFactory.getLogger(handler.getClass());
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
