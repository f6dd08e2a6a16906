package io.recsys.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The service's own meters (Prometheus names in brackets):
 * <ul>
 *   <li>{@code recsys.ingest.events.accepted} [recsys_ingest_events_accepted_total], tag
 *       {@code endpoint}: events acknowledged by Kafka and answered with 202</li>
 *   <li>{@code recsys.ingest.events.rejected} [recsys_ingest_events_rejected_total], tag
 *       {@code reason} (malformed, invalid, too_large, kafka_unavailable, error): events refused
 *       (a refused batch counts all its items when known, else 1)</li>
 *   <li>{@code recsys.ingest.publish.latency} [recsys_ingest_publish_latency_seconds], tags
 *       {@code endpoint} and {@code outcome}: from the first send to the last acknowledgement</li>
 * </ul>
 */
public final class IngestMetrics {

  public static final String ACCEPTED = "recsys.ingest.events.accepted";
  public static final String REJECTED = "recsys.ingest.events.rejected";
  public static final String PUBLISH_LATENCY = "recsys.ingest.publish.latency";

  private final MeterRegistry registry;

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void accepted(String endpoint, int events) {
    Counter.builder(ACCEPTED).description("Events acknowledged by Kafka and accepted")
        .tag("endpoint", endpoint).register(registry).increment(events);
  }

  public void rejected(String reason, int events) {
    Counter.builder(REJECTED).description("Events refused, by reason")
        .tag("reason", reason).register(registry).increment(events);
  }

  /** Runs {@code publish} and records how long its future takes to complete. */
  public <T> CompletableFuture<T> timePublish(String endpoint, Supplier<CompletableFuture<T>> publish) {
    Timer.Sample sample = Timer.start(registry);
    return publish.get().whenComplete((result, error) -> sample.stop(
        Timer.builder(PUBLISH_LATENCY).description("Time from send to Kafka acknowledgement")
            .tag("endpoint", endpoint).tag("outcome", error == null ? "success" : "failure")
            .register(registry)));
  }
}
