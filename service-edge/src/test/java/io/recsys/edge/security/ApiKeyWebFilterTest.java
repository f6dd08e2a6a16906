package io.recsys.edge.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.edge.ratelimit.RateLimitProperties;
import io.recsys.edge.ratelimit.RateLimitWebFilter;
import io.recsys.edge.web.ProblemResponses;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

class ApiKeyWebFilterTest {

  private static final String KEY = "k".repeat(16) + "-first";
  private static final String OTHER_KEY = "o".repeat(16) + "-second";
  private static final ProblemResponses PROBLEMS = new ProblemResponses(new ObjectMapper());

  private static final RouterFunction<ServerResponse> ROUTES = RouterFunctions.route()
      .POST("/ratings", r -> ServerResponse.accepted().build())
      .POST("/recommend_fast", r -> ServerResponse.ok().bodyValue("{}"))
      .GET("/actuator/health", r -> ServerResponse.ok().build())
      .build();

  private static WebTestClient client(ApiKeyProperties props) {
    return WebTestClient.bindToRouterFunction(ROUTES)
        .webFilter(new ApiKeyWebFilter(props, WriteEndpoints.of("POST /ratings"), PROBLEMS))
        .build();
  }

  private static ApiKeyProperties keys(boolean protectReads) {
    return new ApiKeyProperties(List.of(KEY, OTHER_KEY), protectReads,
        List.of("/actuator/health/**"));
  }

  @Test
  void withoutConfiguredKeysEverythingIsOpen() {
    client(new ApiKeyProperties(null, true, null)).post().uri("/ratings").exchange()
        .expectStatus().isAccepted();
  }

  @Test
  void aWriteWithoutKeyIs401WithAProblemAndAChallenge() {
    client(keys(false)).post().uri("/ratings").exchange()
        .expectStatus().isUnauthorized()
        .expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"recsys\"")
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.status").isEqualTo(401)
        .jsonPath("$.instance").isEqualTo("/ratings");
  }

  @Test
  void aWrongKeyIs403AndItsValueIsNotEchoed() {
    client(keys(false)).post().uri("/ratings").header("X-API-Key", "wrong-key-wrong-key")
        .exchange().expectStatus().isForbidden()
        .expectBody(String.class).value(body -> org.assertj.core.api.Assertions
            .assertThat(body).doesNotContain("wrong-key-wrong-key"));
  }

  @Test
  void anyConfiguredKeyPassesAsHeaderOrBearerToken() {
    WebTestClient http = client(keys(false));
    http.post().uri("/ratings").header("X-API-Key", KEY).exchange().expectStatus().isAccepted();
    http.post().uri("/ratings").header("Authorization", "Bearer " + OTHER_KEY).exchange()
        .expectStatus().isAccepted();
  }

  @Test
  void readsAreOpenUnlessProtected() {
    client(keys(false)).post().uri("/recommend_fast").exchange().expectStatus().isOk();
    WebTestClient protectedReads = client(keys(true));
    protectedReads.post().uri("/recommend_fast").exchange().expectStatus().isUnauthorized();
    protectedReads.post().uri("/recommend_fast").header("X-API-Key", KEY).exchange()
        .expectStatus().isOk();
    protectedReads.get().uri("/actuator/health").exchange().expectStatus().isOk();
  }

  @Test
  void aGetMayCarryTheKeyAsAQueryParameterForEventSource() {
    client(keys(true)).get().uri("/actuator/health?api_key=" + KEY).exchange()
        .expectStatus().isOk();
    WebTestClient http = WebTestClient.bindToRouterFunction(RouterFunctions.route()
            .GET("/stream", r -> ServerResponse.ok().build()).build())
        .webFilter(new ApiKeyWebFilter(keys(true), WriteEndpoints.everyNonGet(), PROBLEMS))
        .build();
    http.get().uri("/stream").exchange().expectStatus().isUnauthorized();
    http.get().uri("/stream?api_key=" + KEY).exchange().expectStatus().isOk();
  }

  @Test
  void shortKeysAreRefusedAtStartup() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new ApiKeyProperties(List.of("short"), false, null))
        .hasMessageContaining("at least 16 characters").hasMessageNotContaining("short");
  }

  @Test
  void everyNonGetIsAWriteByDefault() {
    WebTestClient http = WebTestClient.bindToRouterFunction(ROUTES)
        .webFilter(new ApiKeyWebFilter(keys(false), WriteEndpoints.everyNonGet(), PROBLEMS))
        .build();
    http.post().uri("/recommend_fast").exchange().expectStatus().isUnauthorized();
    http.get().uri("/actuator/health").exchange().expectStatus().isOk();
  }

  @Test
  void aClientOverItsRateGets429WithRetryAfterCountedByItsKey() {
    WebTestClient http = WebTestClient.bindToRouterFunction(ROUTES)
        .webFilter(new ApiKeyWebFilter(keys(false), WriteEndpoints.of("POST /ratings"), PROBLEMS),
            new RateLimitWebFilter(new RateLimitProperties(0.5, 2, 100, List.of("/actuator/**")),
                PROBLEMS))
        .build();
    http.post().uri("/ratings").header("X-API-Key", KEY).exchange().expectStatus().isAccepted();
    http.post().uri("/ratings").header("X-API-Key", KEY).exchange().expectStatus().isAccepted();
    http.post().uri("/ratings").header("X-API-Key", KEY).exchange()
        .expectStatus().isEqualTo(429)
        .expectHeader().valueEquals("Retry-After", "2")
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    http.post().uri("/ratings").header("X-API-Key", OTHER_KEY).exchange()
        .expectStatus().isAccepted();
    http.get().uri("/actuator/health").exchange().expectStatus().isOk();
  }
}
