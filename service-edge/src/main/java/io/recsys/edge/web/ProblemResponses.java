package io.recsys.edge.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Writes an RFC 7807 problem from a web filter, where no controller advice runs: the
 * {@link Problems#problem} the services' ProblemHandlers answer with, serialised by hand.
 */
public final class ProblemResponses {

  private final ObjectMapper json;

  public ProblemResponses(ObjectMapper json) {
    // the mix-in gives ProblemDetail its RFC 7807 shape whatever mapper the service has
    this.json = json.copy().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class);
  }

  public Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String title,
                          String detail) {
    byte[] body;
    try {
      body = json.writeValueAsBytes(Problems.problem(status, title, detail, exchange));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a problem of strings always serializes", e);
    }
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    response.getHeaders().setContentLength(body.length);
    DataBuffer buffer = response.bufferFactory().wrap(body);
    return response.writeWith(Mono.just(buffer));
  }
}
