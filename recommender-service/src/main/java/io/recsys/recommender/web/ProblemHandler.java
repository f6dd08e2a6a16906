package io.recsys.recommender.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.recsys.recommender.streams.StateNotReadyException;
import io.recsys.schemas.kafka.KafkaUnavailableException;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.server.ServerWebInputException;

/**
 * Every error as an RFC 7807 ProblemDetail: 400 names the fields, 503 says when to retry.
 * Nothing of a rejected request is applied.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE) // before Spring's generic ProblemDetail handler
public class ProblemHandler {

  static final String RETRY_AFTER_SECONDS = "1";

  @ExceptionHandler(BadRequestException.class)
  ResponseEntity<ProblemDetail> badRequest(BadRequestException e) {
    return ResponseEntity.badRequest().body(invalid(e.problems()));
  }

  @ExceptionHandler(ServerWebInputException.class)
  ResponseEntity<ProblemDetail> unreadable(ServerWebInputException e) {
    String field = fieldOf(e);
    String reason = rootMessage(e);
    return ResponseEntity.badRequest().body(invalid(List.of(new FieldProblem(field,
        "cannot be read: " + reason))));
  }

  @ExceptionHandler(StateNotReadyException.class)
  ResponseEntity<ProblemDetail> notReady(StateNotReadyException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
        e.getMessage());
    problem.setTitle("State not ready");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).body(problem);
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
  ResponseEntity<ProblemDetail> kafkaDown(KafkaUnavailableException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
        e.getMessage());
    problem.setTitle("Kafka unavailable");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, "5").body(problem);
  }

  static ProblemDetail invalid(List<FieldProblem> problems) {
    String detail = problems.stream().map(p -> p.field() + " " + p.message())
        .collect(Collectors.joining("; "));
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    problem.setTitle("Invalid request");
    problem.setProperty("errors", problems);
    return problem;
  }

  private static String fieldOf(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JsonMappingException m && !m.getPath().isEmpty()) {
        return m.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining(".")).replace(".[", "[");
      }
    }
    return "body";
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t instanceof DecodingException || t.getMessage() == null ? "malformed JSON"
        : t.getMessage();
    int cut = message.indexOf("\n");
    message = cut > 0 ? message.substring(0, cut) : message;
    return message.length() > 300 ? message.substring(0, 300) + "…" : message;
  }
}
