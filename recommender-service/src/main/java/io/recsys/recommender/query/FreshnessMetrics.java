package io.recsys.recommender.query;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Freshness: from an event's time to its user's recomputed state being in place, recorded for
 * every recomputation. Meaningful for live events; replays of old data carry old times and
 * show up as such.
 */
public final class FreshnessMetrics {

  public static final String FRESHNESS = "recsys.freshness";

  private final Timer timer;

  public FreshnessMetrics(MeterRegistry registry, UpdateNotifier notifier, Clock clock) {
    this.timer = Timer.builder(FRESHNESS).description("event time to embedding ready")
        .publishPercentiles(0.5, 0.99).register(registry);
    notifier.allUpdates().subscribe(u -> {
      long lag = clock.millis() - u.embedding().getSourceEventTime().toEpochMilli();
      if (lag >= 0 && lag < TimeUnit.HOURS.toMillis(1)) {
        timer.record(lag, TimeUnit.MILLISECONDS);
      }
    });
  }

  public Timer timer() {
    return timer;
  }
}
