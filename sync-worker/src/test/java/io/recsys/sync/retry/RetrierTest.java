package io.recsys.sync.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetrierTest {

  private final List<Duration> waits = new ArrayList<>();
  private final Retrier retrier = new Retrier(4,
      new Backoff(Duration.ofMillis(100), Duration.ofMillis(250)), waits::add);

  @Test
  void backoffDoublesUpToItsCap() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    assertThat(backoff.delayAfter(0)).isZero();
    assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.delayAfter(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(backoff.delayAfter(5)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.delayAfter(500)).isEqualTo(Duration.ofSeconds(1));
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retriesFailuresWithBackoffUntilOneSucceeds() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    String result = retrier.call("upsert", () -> {
      if (calls.incrementAndGet() < 3) {
        throw new IOException("unavailable");
      }
      return "ok";
    });
    assertThat(result).isEqualTo("ok");
    assertThat(calls).hasValue(3);
    assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void givesUpAfterMaxAttemptsWithTheLastError() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> retrier.call("alias swap", () -> {
      throw new IOException("down " + calls.incrementAndGet());
    })).isInstanceOf(Retrier.RetriesExhaustedException.class)
        .hasMessageContaining("alias swap failed 4 times").hasMessageContaining("down 4");
    assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200),
        Duration.ofMillis(250));
  }
}
