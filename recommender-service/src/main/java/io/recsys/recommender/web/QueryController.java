package io.recsys.recommender.web;

import io.recsys.index.filter.FilterSpec;
import io.recsys.recommender.config.RecommenderProperties;
import io.recsys.recommender.query.QueryMetrics;
import io.recsys.recommender.query.RecommendationAnswer;
import io.recsys.recommender.query.RecommendationService;
import io.recsys.recommender.query.UpdateNotifier;
import io.recsys.recommender.query.UserUpdates;
import io.recsys.recommender.routing.PeerClient;
import io.recsys.recommender.routing.UserRoute;
import io.recsys.recommender.routing.UserRouter;
import io.recsys.recommender.streams.StateNotReadyException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The prototype-compatible query API, answered from the latest stream state. A user whose
 * state lives on another instance is answered by that instance (the request is forwarded);
 * every answer names the instance that computed it in {@code X-Recsys-Served-By}.
 */
@RestController
public class QueryController {

  private final RecommendationService service;
  private final UserUpdates updates;
  private final UpdateNotifier notifier;
  private final RecommenderProperties props;
  private final QueryMetrics metrics;
  private final UserRouter router;
  private final PeerClient peers;

  public QueryController(RecommendationService service, UserUpdates updates,
                         UpdateNotifier notifier, RecommenderProperties props,
                         QueryMetrics metrics, UserRouter router, PeerClient peers) {
    this.service = service;
    this.updates = updates;
    this.notifier = notifier;
    this.props = props;
    this.metrics = metrics;
    this.router = router;
    this.peers = peers;
  }

  @PostMapping(path = "/recommend_fast", consumes = MediaType.APPLICATION_JSON_VALUE)
  public Mono<ResponseEntity<RecommendationAnswer>> recommendFast(
      @RequestBody QueryRequests.Recommend body,
      @RequestHeader(name = PeerClient.FORWARDED_BY, required = false) String forwardedBy) {
    RequestChecks checks = checks();
    long userId = checks.id("user_id", body.userId());
    int k = checks.k(body.k());
    checks.done();
    return metrics.time("recommend_fast", answer(userId, forwardedBy, "/recommend_fast", body,
        () -> service.recommend(userId, k, null)));
  }

  @PostMapping(path = "/recommend_filter", consumes = MediaType.APPLICATION_JSON_VALUE)
  public Mono<ResponseEntity<RecommendationAnswer>> recommendFilter(
      @RequestBody QueryRequests.RecommendFiltered body,
      @RequestHeader(name = PeerClient.FORWARDED_BY, required = false) String forwardedBy) {
    RequestChecks checks = checks();
    long userId = checks.id("user_id", body.userId());
    int k = checks.k(body.k());
    FilterSpec filter = checks.filters(body.filters());
    checks.done();
    return metrics.time("recommend_filter", answer(userId, forwardedBy, "/recommend_filter",
        body, () -> service.recommend(userId, k, filter)));
  }

  @PostMapping(path = "/recommend_batch", consumes = MediaType.APPLICATION_JSON_VALUE)
  public Mono<Map<String, Object>> recommendBatch(@RequestBody QueryRequests.RecommendBatch body) {
    RequestChecks checks = checks();
    List<Long> ids = body.userIds();
    checks.ids("user_ids", ids, props.maxBatchUsers());
    int k = checks.k(body.k());
    checks.done();
    long start = System.nanoTime();
    // each user from its owner, in parallel, answers in the order asked
    Mono<Map<String, Object>> batch = Flux.fromIterable(ids)
        .flatMapSequential(id -> answer(id, null, "/recommend_fast",
            new QueryRequests.Recommend(id, k), () -> service.recommend(id, k, null))
            .map(ResponseEntity::getBody))
        .collectList()
        .map(results -> {
          Map<String, Object> answer = new LinkedHashMap<>();
          answer.put("results", results);
          answer.put("latency_ms", (System.nanoTime() - start) / 1e6);
          return answer;
        });
    return metrics.time("recommend_batch", batch);
  }

  /**
   * Read-your-writes: publishes the event and answers once the user's new embedding is in
   * place, or with 202 and {@code pending: true} after the configured timeout. Forwarded to
   * the user's owner, because that is where the recomputation is seen.
   */
  @PostMapping(path = "/update_user", consumes = MediaType.APPLICATION_JSON_VALUE)
  public Mono<ResponseEntity<Map<String, Object>>> updateUser(
      @RequestBody QueryRequests.UpdateUser body,
      @RequestHeader(name = PeerClient.FORWARDED_BY, required = false) String forwardedBy) {
    RequestChecks checks = checks();
    long userId = checks.id("user_id", body.userId());
    long movieId = checks.id("movie_id", body.movieId());
    Float rating = checks.rating(body.rating());
    checks.done();
    UserRoute route = route(userId, forwardedBy);
    if (!route.local()) {
      return peers.update(route.address(), body, props.updateTimeout());
    }
    return metrics.time("update_user", updates.apply(userId, movieId, rating,
            props.updateTimeout())
        .map(result -> ResponseEntity.status(result.pending() ? HttpStatus.ACCEPTED : HttpStatus.OK)
            .header(PeerClient.SERVED_BY, route.address())
            .body(result.toBody())));
  }

  /** Server-Sent Events: each new recommendation list of one user, from its owner. */
  @GetMapping(path = "/recommendations/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public Flux<ServerSentEvent<Map<String, Object>>> stream(
      @RequestParam(name = "user_id") long userId,
      @RequestHeader(name = PeerClient.FORWARDED_BY, required = false) String forwardedBy) {
    RequestChecks checks = checks();
    checks.id("user_id", userId);
    checks.done();
    UserRoute route = route(userId, forwardedBy);
    Flux<ServerSentEvent<Map<String, Object>>> events = route.local()
        ? notifier.updatesOf(userId)
            .map(u -> ServerSentEvent.<Map<String, Object>>builder(updates.describe(u))
                .event("recommendations").id(Long.toString(u.embedding().getComputedAt()
                    .toEpochMilli())).build())
        : peers.stream(route.address(), userId).filter(e -> e.data() != null);
    Flux<ServerSentEvent<Map<String, Object>>> keepAlive = Flux.interval(Duration.ofSeconds(15))
        .map(i -> ServerSentEvent.<Map<String, Object>>builder().comment("keep-alive").build());
    return Flux.merge(events, keepAlive);
  }

  private Mono<ResponseEntity<RecommendationAnswer>> answer(
      long userId, String forwardedBy, String path, Object body,
      Supplier<RecommendationAnswer> local) {
    UserRoute route;
    try {
      route = route(userId, forwardedBy);
    } catch (StateNotReadyException e) {
      return Mono.error(e);
    }
    if (!route.local()) {
      return peers.recommend(route.address(), path, body);
    }
    return Mono.fromSupplier(() -> ResponseEntity.ok()
        .header(PeerClient.SERVED_BY, route.address()).body(local.get()));
  }

  private UserRoute route(long userId, String forwardedBy) {
    UserRoute route = router.route(userId);
    if (!route.local() && forwardedBy != null) {
      // the forwarding instance thought this one owns the user: ownership is moving
      throw new StateNotReadyException("user " + userId + " is moving between instances ("
          + forwardedBy + " sent it here, the metadata now says " + route.address() + ")");
    }
    return route;
  }

  private RequestChecks checks() {
    return RequestChecks.of(props);
  }
}
