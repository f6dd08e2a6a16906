package io.recsys.recommender.topology;

import java.time.Duration;

/**
 * Settings of the recommender topology.
 *
 * @param historyLength interactions kept per user (the model's sequence length)
 * @param batchSize changed users encoded together; a full batch is flushed at once
 * @param flushInterval longest a changed user waits for its batch
 * @param topK recommendations published per user
 */
public record TopologyConfig(int historyLength, int batchSize, Duration flushInterval, int topK) {

  public static final TopologyConfig DEFAULTS = new TopologyConfig(200, 256,
      Duration.ofMillis(5), 10);

  public TopologyConfig {
    if (historyLength < 1 || batchSize < 1 || topK < 1) {
      throw new IllegalArgumentException("historyLength, batchSize and topK must be >= 1");
    }
    if (flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException("flushInterval must be positive");
    }
  }
}
