package io.recsys.sync.web;

import io.recsys.sync.SyncRunner;
import io.recsys.sync.rollout.RolloutReport;
import io.recsys.sync.snapshot.SnapshotSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code POST /sync} reconciles now and answers with what it did; {@code GET /sync} tells the last run. */
@RestController
public class SyncController {

  private final SyncRunner runner;

  public SyncController(SyncRunner runner) {
    this.runner = runner;
  }

  @PostMapping(path = "/sync", produces = MediaType.APPLICATION_JSON_VALUE)
  public Mono<ResponseEntity<Map<String, Object>>> syncNow() {
    return Mono.fromFuture(runner.reconcileNow("on-demand")).map(report -> {
      Map<String, Object> body = new LinkedHashMap<>();
      var last = runner.lastRun().orElse(null);
      boolean ok = last == null || last.ok();
      body.put("status", ok ? "ok" : "failed");
      body.put("detail", last == null ? null : last.detail());
      report.ifPresent(r -> body.putAll(describe(r)));
      return ResponseEntity.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
    });
  }

  @GetMapping(path = "/sync", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> lastRun() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("latest_model", runner.tracker().latest().map(v -> v.getModelId()).orElse(null));
    body.put("rolled_out", runner.tracker().rolledOut().orElse(null));
    runner.lastRun().ifPresent(last -> body.put("last_run", Map.of("trigger", last.trigger(),
        "at", last.at().toString(), "ok", last.ok(), "detail", String.valueOf(last.detail()))));
    return body;
  }

  static Map<String, Object> describe(RolloutReport r) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model_id", r.modelId());
    body.put("model_version", r.modelVersion());
    List<Map<String, Object>> snapshots = r.snapshots().stream().map(SyncController::describe).toList();
    body.put("snapshots", snapshots);
    body.put("announced", r.announced());
    Optional.ofNullable(r.store()).ifPresent(s -> body.put("qdrant", Map.of(
        "collection", s.target(), "points_written", s.pointsWritten(),
        "alias_swapped", s.aliasSwapped(), "deleted", s.deleted())));
    body.put("duration_ms", r.durationMillis());
    return body;
  }

  private static Map<String, Object> describe(SnapshotSet s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("requested", s.requested().key());
    out.put("kind", s.info().kind().key());
    out.put("path", s.info().path().toString());
    out.put("sha256", s.info().sha256());
    out.put("count", s.info().count());
    out.put("built_now", s.builtNow());
    return out;
  }
}
