package io.recsys.recommender.topology;

import java.time.Duration;

/**
 * Settings of the recommender topology.
 *
 * @param historyLength interactions kept per user (the model's sequence length)
 * @param batchSize changed users encoded together; a full batch is flushed at once
 * @param flushInterval longest a changed user waits for its batch
 * @param topK recommendations published per user
 * @param commitInterval how soon fresh outputs are committed (made visible to read-committed
 *     consumers) in live traffic; Streams' own commit interval is the longer catch-up one
 * @param catchUp how recomputation coalesces while the topology is behind its input
 */
public record TopologyConfig(int historyLength, int batchSize, Duration flushInterval, int topK,
                             Duration commitInterval, CatchUp catchUp) {

  /**
   * While events arrive older than {@code lag} (a backlog: a replay, a restart, a burst), a
   * user's pending recomputation may wait up to {@code maxDelay} and the batch grow to
   * {@code batchSize} users: every user's several new events then cost one encode instead of
   * one each, which is what lets a backlog drain. Live traffic, which is never that far
   * behind, keeps the small batches and the short flush interval.
   */
  public record CatchUp(Duration lag, int batchSize, Duration maxDelay) {

    // as strings so the service's configuration properties name the same defaults
    public static final String DEFAULT_LAG = "PT0.25S";
    public static final String DEFAULT_BATCH_SIZE = "16384";
    public static final String DEFAULT_MAX_DELAY = "PT1S";

    public static final CatchUp DEFAULTS = new CatchUp(Duration.parse(DEFAULT_LAG),
        Integer.parseInt(DEFAULT_BATCH_SIZE), Duration.parse(DEFAULT_MAX_DELAY));

    public CatchUp {
      if (lag.isNegative() || maxDelay.isNegative() || batchSize < 1) {
        throw new IllegalArgumentException("catch-up lag and delay must not be negative, batch size >= 1");
      }
    }
  }

  /** The live commit interval's default (a string, for the service's configuration too). */
  public static final String DEFAULT_COMMIT_INTERVAL = "PT0.035S";

  public static final TopologyConfig DEFAULTS = new TopologyConfig(200, 256,
      Duration.ofMillis(5), 10);

  public TopologyConfig(int historyLength, int batchSize, Duration flushInterval, int topK) {
    this(historyLength, batchSize, flushInterval, topK, Duration.parse(DEFAULT_COMMIT_INTERVAL),
        CatchUp.DEFAULTS);
  }

  public TopologyConfig {
    if (historyLength < 1 || batchSize < 1 || topK < 1) {
      throw new IllegalArgumentException("historyLength, batchSize and topK must be >= 1");
    }
    if (flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException("flushInterval must be positive");
    }
  }
}
