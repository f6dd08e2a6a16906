package io.recsys.recommender.web;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.recsys.recommender.config.RecommenderProperties;
import io.recsys.recommender.model.ServingModel;
import io.recsys.recommender.model.ServingModelHolder;
import io.recsys.recommender.query.FreshnessMetrics;
import io.recsys.recommender.query.MovieCatalog;
import io.recsys.recommender.query.QueryMetrics;
import io.recsys.recommender.streams.RecommenderStreams;
import io.recsys.recommender.topology.StoreNames;
import java.io.File;
import java.lang.management.ManagementFactory;
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
  private final MovieCatalog catalog;
  private final QueryMetrics queries;
  private final FreshnessMetrics freshness;
  private final RecommenderProperties props;
  private final long startedNanos = System.nanoTime();

  public StatusController(RecommenderStreams streams, ServingModelHolder models,
                          MovieCatalog catalog, QueryMetrics queries, FreshnessMetrics freshness,
                          RecommenderProperties props) {
    this.streams = streams;
    this.models = models;
    this.catalog = catalog;
    this.queries = queries;
    this.freshness = freshness;
    this.props = props;
  }

  @GetMapping("/health")
  public ResponseEntity<Map<String, Object>> health() {
    Map<String, Object> body = new LinkedHashMap<>();
    KafkaStreams.State state = streams.state();
    boolean running = state == KafkaStreams.State.RUNNING;
    boolean hasModel = models.current().isPresent();
    body.put("status", running && hasModel ? "ok" : running ? "degraded" : "unavailable");
    body.put("kafka_streams", state.name());
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
    body.put("model", models.current().map(StatusController::describe).orElse(null));
    try {
      body.put("users", streams.store(StoreNames.USER_HISTORIES).approximateNumEntries());
      body.put("items", catalog.size());
    } catch (RuntimeException e) {
      body.put("users", null);
      body.put("items", null);
    }
    body.put("events_processed", freshness.eventsReflected());
    body.put("freshness_ms", percentiles(freshness.timer()));
    Map<String, Object> endpoints = new LinkedHashMap<>();
    double uptimeS = (System.nanoTime() - startedNanos) / 1e9;
    queries.timers().forEach((name, timer) -> {
      Map<String, Object> e = new LinkedHashMap<>(percentiles(timer));
      e.put("qps_since_start", timer.count() / Math.max(uptimeS, 1e-9));
      endpoints.put(name, e);
    });
    body.put("queries", endpoints);
    body.put("system", system());
    return body;
  }

  private static Map<String, Object> describe(ServingModel m) {
    return Map.of("status", "ok", "version", m.version(), "method", m.method());
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

  private static Map<String, Object> system() {
    Map<String, Object> out = new LinkedHashMap<>();
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof OperatingSystemMXBean sun) {
      out.put("process_cpu", sun.getProcessCpuLoad());
      out.put("system_cpu", sun.getCpuLoad());
      out.put("ram_total_mb", sun.getTotalMemorySize() / 1_048_576);
      out.put("ram_free_mb", sun.getFreeMemorySize() / 1_048_576);
    }
    Runtime rt = Runtime.getRuntime();
    out.put("heap_used_mb", (rt.totalMemory() - rt.freeMemory()) / 1_048_576);
    out.put("heap_max_mb", rt.maxMemory() / 1_048_576);
    File disk = new File(".").getAbsoluteFile();
    out.put("disk_free_gb", disk.getUsableSpace() / 1e9);
    out.put("disk_total_gb", disk.getTotalSpace() / 1e9);
    out.put("cores", rt.availableProcessors());
    return out;
  }
}
