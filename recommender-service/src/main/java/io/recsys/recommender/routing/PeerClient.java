package io.recsys.recommender.routing;

import io.recsys.recommender.query.RecommendationAnswer;
import io.recsys.recommender.streams.StateNotReadyException;
import java.time.Duration;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Forwards a query to the instance that owns the user, marked as forwarded so that instance
 * answers itself or says 503, never forwarding again (no loops while ownership moves).
 * A peer that is unreachable or not ready becomes a 503 here too: the client retries once
 * the rebalance has settled.
 */
public final class PeerClient {

  /** Marks a forwarded request; its value is the address of the instance that forwarded it. */
  public static final String FORWARDED_BY = "X-Recsys-Forwarded-By";
  /** The instance that computed an answer. */
  public static final String SERVED_BY = "X-Recsys-Served-By";

  private static final ParameterizedTypeReference<Map<String, Object>> MAP =
      new ParameterizedTypeReference<>() { };
  private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENT =
      new ParameterizedTypeReference<>() { };

  private final WebClient client;
  private final java.util.function.Supplier<String> self;
  private final Duration timeout;

  public PeerClient(WebClient.Builder builder, java.util.function.Supplier<String> self,
                    Duration timeout) {
    this.client = builder.build();
    this.self = self;
    this.timeout = timeout;
  }

  public Mono<ResponseEntity<RecommendationAnswer>> recommend(String address, String path,
                                                              Object body) {
    return post(address, path, body).toEntity(RecommendationAnswer.class)
        .timeout(timeout).onErrorMap(e -> notReady(address, e));
  }

  public Mono<ResponseEntity<Map<String, Object>>> update(String address, Object body,
                                                          Duration waitAtMost) {
    return post(address, "/update_user", body).toEntity(MAP)
        .timeout(waitAtMost.plus(timeout)).onErrorMap(e -> notReady(address, e));
  }

  public Mono<ResponseEntity<Map<String, Object>>> get(String address, String path) {
    return client.get().uri("http://" + address + path).header(FORWARDED_BY, self.get())
        .retrieve().toEntity(MAP).timeout(timeout).onErrorMap(e -> notReady(address, e));
  }

  public Flux<ServerSentEvent<Map<String, Object>>> stream(String address, long userId) {
    return client.get().uri("http://" + address + "/recommendations/stream?user_id=" + userId)
        .accept(MediaType.TEXT_EVENT_STREAM).header(FORWARDED_BY, self.get())
        .retrieve().bodyToFlux(EVENT).onErrorMap(e -> notReady(address, e));
  }

  private WebClient.ResponseSpec post(String address, String path, Object body) {
    return client.post().uri("http://" + address + path)
        .contentType(MediaType.APPLICATION_JSON).header(FORWARDED_BY, self.get())
        .bodyValue(body).retrieve();
  }

  private static Throwable notReady(String address, Throwable e) {
    if (e instanceof WebClientResponseException r
        && r.getStatusCode().value() != HttpStatus.SERVICE_UNAVAILABLE.value()) {
      return r; // the owner's own answer (e.g. 400) is passed on as it is
    }
    if (e instanceof WebClientResponseException || e instanceof WebClientRequestException
        || e instanceof java.util.concurrent.TimeoutException) {
      return new StateNotReadyException("the instance owning this user (" + address
          + ") cannot answer now: " + e.getMessage());
    }
    return e;
  }
}
