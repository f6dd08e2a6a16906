package io.recsys.ingest.web;

import io.recsys.edge.web.Problems;
import io.recsys.ingest.IngestMetrics;
import io.recsys.ingest.IngestProperties;
import io.recsys.schemas.kafka.KafkaUnavailableException;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * Every error at the HTTP edge as an RFC 7807 {@link ProblemDetail}: 400 invalid input, 413 too
 * large, 503 (with Retry-After) when Kafka cannot confirm, Spring's own errors (404, 405, 415, ...)
 * passed through, and anything unexpected as a 500 without internals.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ProblemHandler {

  static final URI INVALID = URI.create("urn:recsys:problem:invalid-event");
  static final URI MALFORMED = URI.create("urn:recsys:problem:malformed-body");
  static final URI TOO_LARGE = URI.create("urn:recsys:problem:too-large");
  static final URI KAFKA_UNAVAILABLE = URI.create("urn:recsys:problem:kafka-unavailable");

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  private final IngestMetrics metrics;
  private final IngestProperties props;

  public ProblemHandler(IngestMetrics metrics, IngestProperties props) {
    this.metrics = metrics;
    this.props = props;
  }

  @ExceptionHandler(InvalidRequestException.class)
  ResponseEntity<ProblemDetail> invalid(InvalidRequestException e, ServerWebExchange exchange) {
    boolean malformed = e.reason() == InvalidRequestException.Reason.MALFORMED;
    metrics.rejected(malformed ? "malformed" : "invalid", e.rejectedEvents());
    ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, malformed ? MALFORMED : INVALID,
        e.title(), e.getMessage(), exchange);
    Problems.withErrors(problem, e.errors(), e.errorCount());
    return Problems.answer(HttpStatus.BAD_REQUEST, problem);
  }

  @ExceptionHandler(RequestTooLargeException.class)
  ResponseEntity<ProblemDetail> tooLarge(RequestTooLargeException e, ServerWebExchange exchange) {
    metrics.rejected("too_large", 1);
    ProblemDetail problem = problem(HttpStatus.PAYLOAD_TOO_LARGE, TOO_LARGE, "Request too large",
        e.getMessage(), exchange);
    withError(problem, FieldError.WHOLE, e.getMessage());
    return Problems.answer(HttpStatus.PAYLOAD_TOO_LARGE, problem);
  }

  @ExceptionHandler(KafkaUnavailableException.class)
  ResponseEntity<ProblemDetail> kafkaUnavailable(KafkaUnavailableException e,
                                                 ServerWebExchange exchange) {
    metrics.rejected("kafka_unavailable", e.events());
    log.warn("Refusing {} event(s) with 503: {}", e.events(), e.getMessage());
    long retryAfter = Math.max(1, (props.retryAfter().toMillis() + 999) / 1000);
    ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, KAFKA_UNAVAILABLE,
        "Kafka unavailable", "Kafka did not confirm the event(s), so they must not be assumed "
            + "published; retry after " + retryAfter + " s with the same event_id values "
            + "(consumers drop repeats). Cause: " + e.getMessage(), exchange);
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter))
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  /**
   * Spring's own errors (404, 405, 415, bad query parameters...) keep their status and detail;
   * those about one part of the request also name it in {@code errors}: {@code Content-Type}
   * for a 415, the parameter for a bad query parameter.
   */
  private static ResponseEntity<ProblemDetail> springError(ErrorResponse e,
                                                          ServerWebExchange exchange) {
    ResponseEntity<ProblemDetail> answer = Problems.springError(e, exchange);
    ProblemDetail problem = answer.getBody();
    if (e instanceof UnsupportedMediaTypeStatusException media) {
      withError(problem, HttpHeaders.CONTENT_TYPE, Problems.contentTypeMessage(media,
          "one of " + media.getSupportedMediaTypes()));
    } else if (e instanceof MissingRequestValueException missing) {
      withError(problem, missing.getName(), "is required");
    } else if (e instanceof ServerWebInputException input && input.getMethodParameter() != null
        && input.getMethodParameter().hasParameterAnnotation(RequestParam.class)) {
      withError(problem, input.getMethodParameter().getParameterAnnotation(RequestParam.class)
          .name(), "has an invalid value");
    }
    return answer;
  }

  private static void withError(ProblemDetail problem, String field, String message) {
    Problems.withErrors(problem, List.of(new FieldError(null, field, message)), 1);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e, ServerWebExchange exchange) {
    if (e instanceof ErrorResponse errorResponse) {
      return springError(errorResponse, exchange);
    }
    metrics.rejected("error", 1);
    return Problems.internalError(e, exchange, log);
  }

  private static ProblemDetail problem(HttpStatus status, URI type, String title, String detail,
                                       ServerWebExchange exchange) {
    ProblemDetail problem = Problems.problem(status, title, detail, exchange);
    problem.setType(type);
    return problem;
  }
}
