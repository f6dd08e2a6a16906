package io.recsys.recommender.query;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Latency and count of each query endpoint, as Prometheus metrics and for /stats. */
public final class QueryMetrics {

  public static final String LATENCY = "recsys.query.latency";

  private final MeterRegistry registry;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  public QueryMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public <T> T time(String endpoint, Supplier<T> work) {
    long start = System.nanoTime();
    try {
      return work.get();
    } finally {
      timer(endpoint).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  /** Times a reactive answer from subscription to its end, whether it succeeds or fails. */
  public <T> reactor.core.publisher.Mono<T> time(String endpoint,
                                                 reactor.core.publisher.Mono<T> work) {
    return reactor.core.publisher.Mono.defer(() -> {
      long start = System.nanoTime();
      return work.doFinally(signal -> timer(endpoint).record(System.nanoTime() - start,
          java.util.concurrent.TimeUnit.NANOSECONDS));
    });
  }

  public Timer timer(String endpoint) {
    return timers.computeIfAbsent(endpoint, e -> Timer.builder(LATENCY).tag("endpoint", e)
        .publishPercentiles(0.5, 0.99).register(registry));
  }

  public Map<String, Timer> timers() {
    return Map.copyOf(timers);
  }
}
