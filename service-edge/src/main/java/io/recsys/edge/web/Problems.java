package io.recsys.edge.web;

import com.fasterxml.jackson.core.JsonLocation;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * What every service's ProblemHandler answers the same way: RFC 7807 {@link ProblemDetail}s
 * that carry the request's path as {@code instance}, always as {@code application/problem+json};
 * Spring's own errors passed through; the 500 safety net; the {@code errors} and
 * {@code error_count} properties; and Jackson's error messages in a client's terms. Which fields
 * a service checks, and what it says about them, stays in the service.
 */
public final class Problems {

  /** Most characters of Jackson's message kept in an answer. */
  public static final int MAX_JSON_MESSAGE = 300;

  private Problems() {
  }

  /** A problem with the request's path as {@code instance} (type {@code about:blank}). */
  public static ProblemDetail problem(HttpStatusCode status, String title, String detail,
                                      ServerWebExchange exchange) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    problem.setInstance(instance(exchange));
    return problem;
  }

  /**
   * Always {@code application/problem+json}, whatever the request accepts: the endpoints
   * produce {@code application/json} or an event stream, and an error must not depend on
   * content negotiation.
   */
  public static ResponseEntity<ProblemDetail> answer(HttpStatusCode status,
                                                     ProblemDetail problem) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  /**
   * Spring's own errors (404, 405, 406, 415, ...) keep their status, headers and detail; the
   * request's path is filled in as {@code instance} where Spring left it out.
   */
  public static ResponseEntity<ProblemDetail> springError(ErrorResponse e,
                                                          ServerWebExchange exchange) {
    ProblemDetail problem = e.getBody();
    if (problem.getInstance() == null) {
      problem.setInstance(instance(exchange));
    }
    return ResponseEntity.status(e.getStatusCode()).headers(e.getHeaders())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }

  /**
   * The safety net for anything that is not an expected error, i.e. a bug: logged in full (with
   * its stack trace, to the handler's own {@code log}), answered 500 with nothing of it.
   */
  public static ResponseEntity<ProblemDetail> internalError(Exception e,
                                                            ServerWebExchange exchange,
                                                            Logger log) {
    log.error("Unexpected error on {} {}", exchange.getRequest().getMethod(),
        exchange.getRequest().getPath(), e);
    return answer(HttpStatus.INTERNAL_SERVER_ERROR, problem(HttpStatus.INTERNAL_SERVER_ERROR,
        "Internal error", "The request failed unexpectedly; see the service log", exchange));
  }

  /**
   * The field problems of an answer as {@code errors} (a service's own records), and how many
   * there are in all as {@code error_count} (more than {@code errors} holds when it is cut).
   */
  public static void withErrors(ProblemDetail problem, List<?> errors, int count) {
    problem.setProperty("errors", errors);
    problem.setProperty("error_count", count);
  }

  /** What a 415 says about {@code Content-Type}: "must be {expected}, was {sent, or none}". */
  public static String contentTypeMessage(UnsupportedMediaTypeStatusException e,
                                          String expected) {
    return "must be " + expected + ", was "
        + (e.getContentType() == null ? "none" : e.getContentType());
  }

  /** The request's path, or none when it is not a valid URI (an error answer must not fail). */
  public static URI instance(ServerWebExchange exchange) {
    try {
      return URI.create(exchange.getRequest().getPath().value());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Jackson's own words for what is wrong with a JSON text, and where, without the Java types,
   * Jackson feature names and source excerpts some of its messages carry (they mean nothing to
   * a client): one line of at most {@link #MAX_JSON_MESSAGE} characters, then the line and
   * column when Jackson knows them.
   *
   * @param message  Jackson's original message (without its location)
   * @param location where in the text, or null
   */
  public static String jsonMessage(String message, JsonLocation location) {
    if (message.startsWith("Trailing token")) {
      message = "unexpected content after the JSON value";
    } else if (message.startsWith("Non-standard token")) {
      int cut = message.indexOf(": enable");
      message = (cut > 0 ? message.substring(0, cut) : message)
          + " (NaN and Infinity are not JSON numbers)";
    }
    message = message.replaceAll("\\s*\\(bound as `[^`]*`\\)", "")
        .replaceAll(",? from `[^`]*`", "")
        .replaceAll("\\s*\\(start marker at \\[Source.*", "")
        .replaceAll("\\s*\\[Source.*", "");
    int newline = message.indexOf('\n');
    message = newline > 0 ? message.substring(0, newline) : message;
    if (message.length() > MAX_JSON_MESSAGE) {
      message = message.substring(0, MAX_JSON_MESSAGE) + "…";
    }
    if (location != null && location.getLineNr() > 0) {
      message += " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
    return message;
  }
}
