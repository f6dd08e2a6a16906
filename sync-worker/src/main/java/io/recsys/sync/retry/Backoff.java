package io.recsys.sync.retry;

import java.time.Duration;

/**
 * Exponential backoff: the wait after the n-th consecutive failure (n from 1) is
 * initial * 2^(n-1), capped at max.
 */
public record Backoff(Duration initial, Duration max) {

  public Backoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial
          + " and " + max);
    }
  }

  public Duration delayAfter(int failures) {
    if (failures < 1) {
      return Duration.ZERO;
    }
    int shift = Math.min(failures - 1, 30);
    long millis = initial.toMillis() << shift;
    return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
  }
}
