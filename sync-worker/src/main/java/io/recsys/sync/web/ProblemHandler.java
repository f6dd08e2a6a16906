package io.recsys.sync.web;

import io.recsys.edge.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
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
      return Problems.springError(spring, exchange);
    }
    return Problems.internalError(e, exchange, log);
  }
}
