package io.recsys.recommender.web;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.recsys.recommender.config.RecommenderProperties;
import io.recsys.recommender.model.ServingModel;
import io.recsys.recommender.model.ServingModelHolder;
import io.recsys.recommender.query.FreshnessMetrics;
import io.recsys.recommender.query.PipelineCounters;
import io.recsys.recommender.query.QueryMetrics;
import io.recsys.recommender.query.ServiceGauges;
import io.recsys.recommender.query.SystemUsage;
import io.recsys.recommender.streams.RecommenderStreams;
import io.recsys.schemas.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The prototype's {@code /health} and {@code /stats}: every part's status, counts, latencies. */
@RestController
public class StatusController {

  private final RecommenderStreams streams;
  private final ServingModelHolder models;
  private final QueryMetrics queries;
  private final FreshnessMetrics freshness;
  private final RecommenderProperties props;
  private final PipelineCounters counters;
  private final ServiceGauges gauges;
  private final SystemUsage system;
  private final long startedNanos = System.nanoTime();

  public StatusController(RecommenderStreams streams, ServingModelHolder models,
                          QueryMetrics queries, FreshnessMetrics freshness,
                          RecommenderProperties props, PipelineCounters counters,
                          ServiceGauges gauges, SystemUsage system) {
    this.streams = streams;
    this.models = models;
    this.queries = queries;
    this.freshness = freshness;
    this.props = props;
    this.counters = counters;
    this.gauges = gauges;
    this.system = system;
  }

  @GetMapping("/health")
  public ResponseEntity<Map<String, Object>> health() {
    Map<String, Object> body = new LinkedHashMap<>();
    KafkaStreams.State state = streams.state();
    boolean running = state == KafkaStreams.State.RUNNING;
    boolean hasModel = models.current().isPresent();
    body.put("status", running && hasModel ? "ok" : running ? "degraded" : "unavailable");
    body.put("kafka_streams", state.name());
    body.put("instance", streams.selfAddress());
    body.put("catalog_movies", orNull(gauges::items));
    body.put("consumer_lag", streams.consumerLag().getOrDefault(Topics.RATINGS.name(), 0L));
    body.put("model", models.current().map(StatusController::describe)
        .orElse(Map.of("status", "missing", "model_dir", props.modelDir().toString(),
            "hint", "train one with ./recsys train, or set MODEL_DIR")));
    return ResponseEntity.status(running ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
        .body(body);
  }

  @GetMapping("/stats")
  public Map<String, Object> stats() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("kafka_streams", streams.state().name());
    body.put("instance", streams.selfAddress());
    body.put("model", models.current().map(StatusController::describe).orElse(null));
    body.put("users", orNull(gauges::users));
    body.put("users_scope", "this instance's partitions");
    body.put("items", orNull(gauges::items));
    Map<String, Object> events = new LinkedHashMap<>();
    events.put("processed", counters.processed());
    events.put("applied", counters.applied());
    events.put("ignored", counters.ignored());
    events.put("rejected", counters.rejected());
    events.put("users_recomputed", counters.recomputedUsers());
    events.put("recompute_failures", counters.failures());
    body.put("events_processed", counters.processed());
    body.put("events", events);
    Map<String, Long> lag = streams.consumerLag();
    body.put("consumer_lag", lag.getOrDefault(Topics.RATINGS.name(), 0L));
    body.put("consumer_lag_by_topic", lag);
    body.put("freshness_ms", percentiles(freshness.timer()));
    Map<String, Object> endpoints = new LinkedHashMap<>();
    double uptimeS = (System.nanoTime() - startedNanos) / 1e9;
    queries.timers().forEach((name, timer) -> {
      Map<String, Object> e = new LinkedHashMap<>(percentiles(timer));
      e.put("qps_since_start", timer.count() / Math.max(uptimeS, 1e-9));
      endpoints.put(name, e);
    });
    body.put("queries", new java.util.TreeMap<>(endpoints));
    body.put("uptime_s", uptimeS);
    body.put("system", system.describe());
    return body;
  }

  private static Object orNull(java.util.function.LongSupplier value) {
    try {
      return value.getAsLong();
    } catch (RuntimeException e) {
      return null; // not readable now (starting or rebalancing); /health says why
    }
  }

  private static Map<String, Object> describe(ServingModel m) {
    return Map.of("status", "ok", "version", m.version(), "method", m.method(),
        "index", m.indexOrigin());
  }

  private static Map<String, Object> percentiles(Timer timer) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("count", timer.count());
    for (ValueAtPercentile p : timer.takeSnapshot().percentileValues()) {
      out.put("p" + Math.round(p.percentile() * 100), p.value(TimeUnit.MILLISECONDS));
    }
    out.put("mean", timer.mean(TimeUnit.MILLISECONDS));
    return out;
  }
}
