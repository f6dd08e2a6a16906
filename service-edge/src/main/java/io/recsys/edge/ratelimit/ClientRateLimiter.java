package io.recsys.edge.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per client: a request takes a token, tokens come back at the configured
 * rate up to the bucket's capacity. Pure and clock-driven, so its behaviour is tested without
 * waiting.
 */
public final class ClientRateLimiter {

  /** A refusal says how long until the next token, for Retry-After. */
  public record Decision(boolean allowed, long retryAfterNanos) {
    static final Decision ALLOWED = new Decision(true, 0);
  }

  private static final class Bucket {
    double tokens;
    long updatedNanos;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updatedNanos = now;
    }
  }

  private final double tokensPerNano;
  private final double capacity;
  private final int maxClients;
  private final LongSupplier nanoClock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public ClientRateLimiter(double requestsPerSecond, int capacity, int maxClients,
                           LongSupplier nanoClock) {
    if (requestsPerSecond <= 0 || capacity < 1 || maxClients < 1) {
      throw new IllegalArgumentException("rate, capacity and max clients must be positive");
    }
    this.tokensPerNano = requestsPerSecond / 1e9;
    this.capacity = capacity;
    this.maxClients = maxClients;
    this.nanoClock = nanoClock;
  }

  public Decision tryAcquire(String client) {
    long now = nanoClock.getAsLong();
    if (buckets.size() >= maxClients && !buckets.containsKey(client)) {
      forgetIdle(now);
    }
    Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(capacity, now));
    synchronized (bucket) {
      refill(bucket, now);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return Decision.ALLOWED;
      }
      return new Decision(false, (long) Math.ceil((1 - bucket.tokens) / tokensPerNano));
    }
  }

  int trackedClients() {
    return buckets.size();
  }

  private void refill(Bucket bucket, long now) {
    bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.updatedNanos) * tokensPerNano);
    bucket.updatedNanos = now;
  }

  /** A full bucket is the same as none: forgetting it changes nothing for its client. */
  private void forgetIdle(long now) {
    buckets.entrySet().removeIf(e -> {
      synchronized (e.getValue()) {
        refill(e.getValue(), now);
        return e.getValue().tokens >= capacity;
      }
    });
    if (buckets.size() >= maxClients) {
      // every tracked client is busy: drop an arbitrary one rather than grow without bound
      buckets.keySet().stream().findAny().ifPresent(buckets::remove);
    }
  }
}
