package io.recsys.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoggedProgressTest {

  @Test
  void logsRateAndEtaAtMostOncePerIntervalAndAlwaysTheEnd() {
    List<String> lines = new ArrayList<>();
    AtomicLong now = new AtomicLong();
    LoggedProgress progress = new LoggedProgress(lines::add, "qdrant items_x", now::get, 5_000_000_000L);
    progress.update("upsert", 0, 1000);
    now.set(1_000_000_000L);
    progress.update("upsert", 100, 1000);
    now.set(5_000_000_000L);
    progress.update("upsert", 500, 1000);
    now.set(10_000_000_000L);
    progress.update("upsert", 1000, 1000);
    assertThat(lines).containsExactly(
        "qdrant items_x upsert 500/1000 (50%) 100/s, ETA 5s",
        "qdrant items_x upsert 1000/1000 (100%) 100/s, done");
  }
}
