package io.recsys.sync.web;

import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

/**
 * Errors of the worker's HTTP endpoints as RFC 7807 ProblemDetails: Spring's own (404, 405,
 * 406, ...) keep their status and detail; anything unexpected is a 500 without internals,
 * logged with its stack trace. {@code POST /sync} and {@code GET /sync} read no body and no
 * parameter, so there is no input of theirs to refuse.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE) // before Spring's generic ProblemDetail handler
public class ProblemHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e, ServerWebExchange exchange) {
    if (e instanceof ErrorResponse spring) {
      ProblemDetail problem = spring.getBody();
      if (problem.getInstance() == null) {
        problem.setInstance(instance(exchange));
      }
      return ResponseEntity.status(spring.getStatusCode()).headers(spring.getHeaders())
          .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
    log.error("Unexpected error on {} {}", exchange.getRequest().getMethod(),
        exchange.getRequest().getPath(), e);
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
        "The request failed unexpectedly; see the service log");
    problem.setTitle("Internal error");
    problem.setInstance(instance(exchange));
    return ResponseEntity.internalServerError().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  /** The request's path, or none when it is not a valid URI (an error answer must not fail). */
  private static URI instance(ServerWebExchange exchange) {
    try {
      return URI.create(exchange.getRequest().getPath().value());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
