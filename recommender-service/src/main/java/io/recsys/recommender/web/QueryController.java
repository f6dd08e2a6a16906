package io.recsys.recommender.web;

import io.recsys.index.filter.FilterSpec;
import io.recsys.recommender.config.RecommenderProperties;
import io.recsys.recommender.query.QueryMetrics;
import io.recsys.recommender.query.RecommendationAnswer;
import io.recsys.recommender.query.RecommendationService;
import io.recsys.recommender.query.UpdateNotifier;
import io.recsys.recommender.query.UserUpdates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The prototype-compatible query API, answered from the latest stream state. */
@RestController
public class QueryController {

  private final RecommendationService service;
  private final UserUpdates updates;
  private final UpdateNotifier notifier;
  private final RecommenderProperties props;
  private final QueryMetrics metrics;

  public QueryController(RecommendationService service, UserUpdates updates,
                         UpdateNotifier notifier, RecommenderProperties props,
                         QueryMetrics metrics) {
    this.service = service;
    this.updates = updates;
    this.notifier = notifier;
    this.props = props;
    this.metrics = metrics;
  }

  @PostMapping(path = "/recommend_fast", consumes = MediaType.APPLICATION_JSON_VALUE)
  public RecommendationAnswer recommendFast(@RequestBody QueryRequests.Recommend body) {
    RequestChecks checks = checks();
    long userId = checks.id("user_id", body.userId());
    int k = checks.k(body.k());
    checks.done();
    return metrics.time("recommend_fast", () -> service.recommend(userId, k, null));
  }

  @PostMapping(path = "/recommend_filter", consumes = MediaType.APPLICATION_JSON_VALUE)
  public RecommendationAnswer recommendFilter(@RequestBody QueryRequests.RecommendFiltered body) {
    RequestChecks checks = checks();
    long userId = checks.id("user_id", body.userId());
    int k = checks.k(body.k());
    FilterSpec filter = checks.filters(body.filters());
    checks.done();
    return metrics.time("recommend_filter", () -> service.recommend(userId, k, filter));
  }

  @PostMapping(path = "/recommend_batch", consumes = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> recommendBatch(@RequestBody QueryRequests.RecommendBatch body) {
    RequestChecks checks = checks();
    List<Long> ids = body.userIds();
    checks.require(ids != null && !ids.isEmpty(), "user_ids", "must list at least one user");
    checks.require(ids == null || ids.size() <= props.maxBatchUsers(), "user_ids",
        "lists at most " + props.maxBatchUsers() + " users");
    int k = checks.k(body.k());
    if (ids != null) {
      for (int i = 0; i < ids.size(); i++) {
        checks.id("user_ids[" + i + "]", ids.get(i));
      }
    }
    checks.done();
    return metrics.time("recommend_batch", () -> {
      long start = System.nanoTime();
      List<RecommendationAnswer> results = new ArrayList<>(ids.size());
      for (long id : ids) {
        results.add(service.recommend(id, k, null));
      }
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("results", results);
      answer.put("latency_ms", (System.nanoTime() - start) / 1e6);
      return answer;
    });
  }

  /**
   * Read-your-writes: publishes the event and answers once the user's new embedding is in
   * place, or with 202 and {@code pending: true} after the configured timeout.
   */
  @PostMapping(path = "/update_user", consumes = MediaType.APPLICATION_JSON_VALUE)
  public Mono<ResponseEntity<Map<String, Object>>> updateUser(
      @RequestBody QueryRequests.UpdateUser body) {
    RequestChecks checks = checks();
    long userId = checks.id("user_id", body.userId());
    long movieId = checks.id("movie_id", body.movieId());
    Float rating = checks.rating(body.rating());
    checks.done();
    return updates.apply(userId, movieId, rating, props.updateTimeout())
        .map(result -> ResponseEntity.status(result.pending() ? HttpStatus.ACCEPTED : HttpStatus.OK)
            .body(result.toBody()));
  }

  /** Server-Sent Events: each new recommendation list of one user. */
  @GetMapping(path = "/recommendations/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public Flux<ServerSentEvent<Map<String, Object>>> stream(
      @RequestParam(name = "user_id") long userId) {
    RequestChecks checks = checks();
    checks.id("user_id", userId);
    checks.done();
    Flux<ServerSentEvent<Map<String, Object>>> events = notifier.updatesOf(userId)
        .map(u -> ServerSentEvent.<Map<String, Object>>builder(updates.describe(u))
            .event("recommendations").id(Long.toString(u.embedding().getComputedAt()
                .toEpochMilli())).build());
    Flux<ServerSentEvent<Map<String, Object>>> keepAlive = Flux.interval(Duration.ofSeconds(15))
        .map(i -> ServerSentEvent.<Map<String, Object>>builder().comment("keep-alive").build());
    return Flux.merge(events, keepAlive);
  }

  private RequestChecks checks() {
    return new RequestChecks(10, props.maxK());
  }
}
