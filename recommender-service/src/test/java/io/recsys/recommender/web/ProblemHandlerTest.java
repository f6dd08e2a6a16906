package io.recsys.recommender.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.edge.web.ProblemHandlerContractTest;
import io.recsys.recommender.streams.StateNotReadyException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Errors at the HTTP edge are RFC 7807 ProblemDetails. */
class ProblemHandlerTest extends ProblemHandlerContractTest {

  @RestController
  static class Rebalancing {
    @GetMapping("/rebalancing")
    String answer() {
      throw new StateNotReadyException("the recommender's state is REBALANCING");
    }
  }

  @Override
  protected Object handler() {
    return new ProblemHandler(1024);
  }

  @Override
  protected List<Object> controllers() {
    return List.of(new Rebalancing());
  }

  @Test
  void stateNotReadyIsA503ProblemWithRetryAfter() {
    http().get().uri("/rebalancing").exchange()
        .expectStatus().isEqualTo(503)
        .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, ProblemHandler.RETRY_AFTER_SECONDS)
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status").isEqualTo(503)
        .jsonPath("$.title").isEqualTo("State not ready")
        .jsonPath("$.detail").value(d -> assertThat((String) d).contains("REBALANCING"));
  }
}
