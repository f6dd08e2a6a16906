package io.recsys.index;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressPrinterTest {

    @Test
    void printsRateAndEtaAtMostEveryInterval() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong();
        ProgressPrinter printer = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                "hnsw build", clock::get, 5_000_000_000L);
        printer.update("add", 0, 1_000_000);
        clock.set(1_000_000_000L);
        printer.update("add", 10_000, 1_000_000); // within the interval: quiet
        clock.set(10_000_000_000L);
        printer.update("add", 100_000, 1_000_000);
        clock.set(100_000_000_000L);
        printer.update("add", 1_000_000, 1_000_000);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out.lines()).containsExactly(
                "hnsw build add 100000/1000000 (10%) 10000/s, ETA 1m30s",
                "hnsw build add 1000000/1000000 (100%) 10000/s, done");
    }
}
