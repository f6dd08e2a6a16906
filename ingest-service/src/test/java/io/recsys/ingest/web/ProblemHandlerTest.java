package io.recsys.ingest.web;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.edge.web.ProblemHandlerContractTest;
import io.recsys.ingest.IngestMetrics;
import io.recsys.ingest.IngestProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.util.unit.DataSize;

/** The safety net: a bug answers a ProblemDetail 500 that gives nothing away, and is logged. */
class ProblemHandlerTest extends ProblemHandlerContractTest {

  @Override
  protected Object handler() {
    return new ProblemHandler(new IngestMetrics(new SimpleMeterRegistry()),
        new IngestProperties(10_000, DataSize.ofMegabytes(16),
            Instant.parse("1990-01-01T00:00:00Z"), Duration.ofDays(1), 128, 100,
            Duration.ofSeconds(5), List.of()));
  }
}
