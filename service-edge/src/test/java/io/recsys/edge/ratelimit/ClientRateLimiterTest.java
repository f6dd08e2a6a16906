package io.recsys.edge.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientRateLimiterTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Test
  void aClientMayBurstToCapacityThenIsHeldToTheRate() {
    ClientRateLimiter limiter = new ClientRateLimiter(10, 3, 100, now::get);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryAcquire("a").allowed()).isTrue();
    }
    ClientRateLimiter.Decision refused = limiter.tryAcquire("a");
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfterNanos()).isEqualTo(100_000_000L);

    now.addAndGet(100_000_000L); // one token back at 10/s
    assertThat(limiter.tryAcquire("a").allowed()).isTrue();
    assertThat(limiter.tryAcquire("a").allowed()).isFalse();
  }

  @Test
  void clientsHaveTheirOwnBuckets() {
    ClientRateLimiter limiter = new ClientRateLimiter(1, 1, 100, now::get);
    assertThat(limiter.tryAcquire("a").allowed()).isTrue();
    assertThat(limiter.tryAcquire("a").allowed()).isFalse();
    assertThat(limiter.tryAcquire("b").allowed()).isTrue();
  }

  @Test
  void tokensNeverAccumulateBeyondTheCapacity() {
    ClientRateLimiter limiter = new ClientRateLimiter(100, 2, 100, now::get);
    limiter.tryAcquire("a");
    now.addAndGet(3_600_000_000_000L);
    assertThat(limiter.tryAcquire("a").allowed()).isTrue();
    assertThat(limiter.tryAcquire("a").allowed()).isTrue();
    assertThat(limiter.tryAcquire("a").allowed()).isFalse();
  }

  @Test
  void idleClientsAreForgottenSoTheTableStaysBounded() {
    ClientRateLimiter limiter = new ClientRateLimiter(1, 1, 10, now::get);
    for (int i = 0; i < 1_000; i++) {
      limiter.tryAcquire("client-" + i);
      now.addAndGet(2_000_000_000L);
    }
    assertThat(limiter.trackedClients()).isLessThanOrEqualTo(10);
  }

  @Test
  void refusesNonsenseSettings() {
    assertThatThrownBy(() -> new ClientRateLimiter(0, 1, 1, now::get))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
