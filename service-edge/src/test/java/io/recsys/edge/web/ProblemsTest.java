package io.recsys.edge.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * The shared pieces of the services' ProblemHandlers (the services' handlers themselves pass
 * {@link ProblemHandlerContractTest}).
 */
class ProblemsTest {

  private final ServerWebExchange exchange = MockServerWebExchange.from(
      MockServerHttpRequest.get("/a/b"));

  @Test
  void aProblemCarriesTheRequestPathAndIsAlwaysProblemJson() {
    ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, "Invalid", "bad", exchange);
    Problems.withErrors(problem, List.of("one"), 7);
    ResponseEntity<ProblemDetail> answer = Problems.answer(HttpStatus.BAD_REQUEST, problem);

    assertThat(answer.getStatusCode().value()).isEqualTo(400);
    assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(problem.getInstance()).hasToString("/a/b");
    assertThat(problem.getTitle()).isEqualTo("Invalid");
    assertThat(problem.getDetail()).isEqualTo("bad");
    assertThat(problem.getProperties()).containsEntry("errors", List.of("one"))
        .containsEntry("error_count", 7);
  }

  @Test
  void springsOwnErrorKeepsItsStatusAndHeadersAndGainsTheInstance() {
    MethodNotAllowedException e = new MethodNotAllowedException(HttpMethod.POST,
        List.of(HttpMethod.GET));
    ResponseEntity<ProblemDetail> answer = Problems.springError(e, exchange);

    assertThat(answer.getStatusCode().value()).isEqualTo(405);
    assertThat(answer.getHeaders().getAllow()).containsExactly(HttpMethod.GET);
    assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(answer.getBody()).isSameAs(e.getBody());
    assertThat(answer.getBody().getInstance()).hasToString("/a/b");
  }

  @Test
  void anInternalErrorSaysNothingOfItsCauseAndLogsIt() {
    Logger log = (Logger) LoggerFactory.getLogger(ProblemsTest.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    log.addAppender(logged);
    try {
      ResponseEntity<ProblemDetail> answer = Problems.internalError(
          new IllegalStateException("secret"), exchange, log);

      assertThat(answer.getStatusCode().value()).isEqualTo(500);
      assertThat(answer.getBody().getTitle()).isEqualTo("Internal error");
      assertThat(answer.getBody().getDetail()).doesNotContain("secret");
      assertThat(answer.getBody().getInstance()).hasToString("/a/b");
      assertThat(logged.list).singleElement().satisfies(event -> {
        assertThat(event.getFormattedMessage()).isEqualTo("Unexpected error on GET /a/b");
        assertThat(event.getThrowableProxy().getMessage()).isEqualTo("secret");
      });
    } finally {
      log.detachAppender(logged);
    }
  }

  @Test
  void aContentTypeMessageSaysWhatWasSent() {
    assertThat(Problems.contentTypeMessage(new UnsupportedMediaTypeStatusException(
        MediaType.TEXT_PLAIN, List.of(MediaType.APPLICATION_JSON)), "application/json"))
        .isEqualTo("must be application/json, was text/plain");
    assertThat(Problems.contentTypeMessage(new UnsupportedMediaTypeStatusException(
        (MediaType) null, List.of(MediaType.APPLICATION_JSON)), "one of [application/json]"))
        .isEqualTo("must be one of [application/json], was none");
  }

  @Test
  void jacksonMessagesLoseJavaTypesAndSourceExcerptsAndKeepTheirPlace() {
    assertThat(jsonMessage("{\"a\": tru}")).doesNotContain("Source", "`")
        .startsWith("Unrecognized token 'tru'").endsWith("(line 1, column 7)");
    assertThat(jsonMessage("{\"a\": NaN}"))
        .contains("(NaN and Infinity are not JSON numbers)").doesNotContain("enable");
    assertThat(Problems.jsonMessage("x".repeat(400) + "\nmore", null))
        .isEqualTo("x".repeat(Problems.MAX_JSON_MESSAGE) + "…");
    assertThat(Problems.jsonMessage("Trailing token (of type START_OBJECT) found after value "
        + "(bound as `java.lang.Object`)", null))
        .isEqualTo("unexpected content after the JSON value");
  }

  private static String jsonMessage(String json) {
    JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class,
        () -> new ObjectMapper().readTree(json));
    return Problems.jsonMessage(e.getOriginalMessage(), e.getLocation());
  }
}
