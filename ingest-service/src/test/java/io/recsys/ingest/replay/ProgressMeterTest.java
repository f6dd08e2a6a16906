package io.recsys.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressMeterTest {

  @Test
  void reportsRateAndEta() {
    AtomicLong now = new AtomicLong(0);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressMeter meter = new ProgressMeter("job", 1_000, new PrintStream(bytes), now::get, false);
    now.set(2_000_000_000L);
    meter.advance(100);
    assertThat(meter.line(now.get())).isEqualTo("job 100/1,000 (10.0%) 50/s ETA 18s elapsed 2s");
    now.set(20_000_000_000L);
    meter.advance(900);
    assertThat(meter.finish()).isEqualTo(20.0);
    assertThat(bytes.toString()).contains("1,000/1,000 (100.0%)").contains("ETA 0s");
  }

  @Test
  void formatsLongDurations() {
    assertThat(ProgressMeter.formatDuration(59)).isEqualTo("59s");
    assertThat(ProgressMeter.formatDuration(61)).isEqualTo("1m01s");
    assertThat(ProgressMeter.formatDuration(3 * 3600 + 120)).isEqualTo("3h02m");
  }
}
