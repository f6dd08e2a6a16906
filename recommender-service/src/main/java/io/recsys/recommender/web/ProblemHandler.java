package io.recsys.recommender.web;

import io.recsys.edge.web.Problems;
import io.recsys.recommender.config.RecommenderProperties;
import io.recsys.recommender.streams.StateNotReadyException;
import io.recsys.schemas.kafka.KafkaUnavailableException;
import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * Every error as an RFC 7807 ProblemDetail: 400 names the fields ({@code errors[].field},
 * {@code $} for the body as a whole), 413 a body over {@code recsys.recommender.max-body-size},
 * 415 names {@code Content-Type}, 503 says when to retry, Spring's own errors (404, 405, ...)
 * keep their status, and anything unexpected is a 500 without internals (logged in full).
 * Nothing of a rejected request is applied.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE) // before Spring's generic ProblemDetail handler
public class ProblemHandler {

  static final String RETRY_AFTER_SECONDS = "1";
  static final URI TOO_LARGE = URI.create("urn:recsys:problem:too-large");
  /** Most field problems listed in one answer; {@code error_count} always gives the total. */
  static final int MAX_REPORTED = 100;
  private static final int PROBLEMS_IN_DETAIL = 5;

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  private final int maxBodyBytes;

  @Autowired
  public ProblemHandler(RecommenderProperties props) {
    this(props.maxBodyBytes());
  }

  ProblemHandler(int maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  @ExceptionHandler(BadRequestException.class)
  ResponseEntity<ProblemDetail> badRequest(BadRequestException e, ServerWebExchange exchange) {
    return Problems.answer(HttpStatus.BAD_REQUEST, invalid(e.problems(), exchange));
  }

  @ExceptionHandler(ServerWebInputException.class)
  ResponseEntity<ProblemDetail> unreadable(ServerWebInputException e,
                                           ServerWebExchange exchange) {
    return Problems.answer(HttpStatus.BAD_REQUEST, invalid(List.of(InputProblems.of(e)),
        exchange));
  }

  /**
   * The body outgrew the decoder's buffer, which {@link RequestBodyConfiguration} sets (Spring
   * turns the buffer's {@link DataBufferLimitException} into a {@link PayloadTooLargeException}
   * when it reads a {@code @RequestBody}; the raw one is there for any other reader).
   */
  @ExceptionHandler({PayloadTooLargeException.class, DataBufferLimitException.class})
  ResponseEntity<ProblemDetail> tooLarge(Exception e, ServerWebExchange exchange) {
    ProblemDetail problem = Problems.problem(HttpStatus.PAYLOAD_TOO_LARGE, "Request too large",
        "The request body is larger than the limit of " + maxBodyBytes + " bytes "
            + "(recsys.recommender.max-body-size)", exchange);
    problem.setType(TOO_LARGE);
    withErrors(problem, List.of(new FieldProblem(InputProblems.WHOLE,
        "is larger than " + maxBodyBytes + " bytes")));
    return Problems.answer(HttpStatus.PAYLOAD_TOO_LARGE, problem);
  }

  @ExceptionHandler(UnsupportedMediaTypeStatusException.class)
  ResponseEntity<ProblemDetail> unsupportedMediaType(UnsupportedMediaTypeStatusException e,
                                                     ServerWebExchange exchange) {
    ResponseEntity<ProblemDetail> answer = Problems.springError(e, exchange);
    withErrors(answer.getBody(), List.of(new FieldProblem(HttpHeaders.CONTENT_TYPE,
        Problems.contentTypeMessage(e, MediaType.APPLICATION_JSON_VALUE))));
    return answer;
  }

  @ExceptionHandler(StateNotReadyException.class)
  ResponseEntity<ProblemDetail> notReady(StateNotReadyException e, ServerWebExchange exchange) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "State not ready", e.getMessage(),
            exchange));
  }

  /** The owning instance's own error answer to a forwarded query, passed on unchanged. */
  @ExceptionHandler(WebClientResponseException.class)
  ResponseEntity<String> fromPeer(WebClientResponseException e) {
    return ResponseEntity.status(e.getStatusCode())
        .contentType(e.getHeaders().getContentType() == null ? MediaType.APPLICATION_PROBLEM_JSON
            : e.getHeaders().getContentType())
        .body(e.getResponseBodyAsString());
  }

  @ExceptionHandler(KafkaUnavailableException.class)
  ResponseEntity<ProblemDetail> kafkaDown(KafkaUnavailableException e,
                                          ServerWebExchange exchange) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, "5")
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "Kafka unavailable",
            e.getMessage(), exchange));
  }

  /**
   * The safety net: Spring's own errors (404, 405, 406, ...) keep their status and detail;
   * anything else is a bug, answered 500 with no internals and logged with its stack trace.
   */
  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e, ServerWebExchange exchange) {
    if (e instanceof ErrorResponse errorResponse) {
      return Problems.springError(errorResponse, exchange);
    }
    return Problems.internalError(e, exchange, log);
  }

  static ProblemDetail invalid(List<FieldProblem> problems, ServerWebExchange exchange) {
    ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, "Invalid request",
        summary(problems), exchange);
    withErrors(problem, problems);
    return problem;
  }

  /** The first few problems as one sentence, for the detail. */
  static String summary(List<FieldProblem> problems) {
    String shown = problems.stream().limit(PROBLEMS_IN_DETAIL)
        .map(p -> p.field() + " " + p.message()).collect(Collectors.joining("; "));
    int more = problems.size() - PROBLEMS_IN_DETAIL;
    return more > 0 ? shown + "; and " + more + " more (see errors)" : shown;
  }

  private static void withErrors(ProblemDetail problem, List<FieldProblem> problems) {
    Problems.withErrors(problem, problems.size() <= MAX_REPORTED ? problems
        : problems.subList(0, MAX_REPORTED), problems.size());
  }
}
