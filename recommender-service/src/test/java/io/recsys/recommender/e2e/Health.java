package io.recsys.recommender.e2e;

import java.time.Duration;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Waiting for a started recommender: its {@code /health} answers 200 once the stores are ready. */
final class Health {

  private Health() {
  }

  static void await(WebTestClient http) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (http.get().uri("/health").exchange().expectBody().returnResult().getStatus()
          .is2xxSuccessful()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the recommender did not become healthy within 60 s");
  }
}
