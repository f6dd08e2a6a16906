package io.recsys.ingest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * HTTP-side settings of the ingest service (prefix {@code recsys.ingest}); CONFIG.md lists them.
 *
 * @param maxBatchSize      most events accepted in one {@code POST /ratings/batch}
 * @param maxBodySize       largest request body read; larger ones get 413
 * @param minEventTime      earliest acceptable {@code event_time}
 * @param maxFutureSkew     how far past the service's clock an {@code event_time} may be
 * @param maxEventIdLength  longest acceptable {@code event_id}
 * @param maxReportedErrors most field errors listed in one 400 answer (the count is always given)
 * @param retryAfter        the {@code Retry-After} sent with 503 when Kafka cannot confirm events
 * @param corsAllowedOrigins origins whose pages may post events from a browser (the
 *                          recommender's web console rates movies through this API)
 */
@Validated
@ConfigurationProperties("recsys.ingest")
public record IngestProperties(
    @DefaultValue("10000") @Min(1) @Max(1_000_000) int maxBatchSize,
    @DefaultValue("16MB") @NotNull DataSize maxBodySize,
    @DefaultValue("1990-01-01T00:00:00Z") @NotNull Instant minEventTime,
    @DefaultValue("1d") @NotNull Duration maxFutureSkew,
    @DefaultValue("128") @Min(1) @Max(4096) int maxEventIdLength,
    @DefaultValue("100") @Min(1) @Max(100_000) int maxReportedErrors,
    @DefaultValue("5s") @NotNull Duration retryAfter,
    @DefaultValue({"http://localhost:8080", "http://127.0.0.1:8080"}) @NotNull List<String> corsAllowedOrigins) {

  public IngestProperties {
    if (maxBodySize != null
        && (maxBodySize.toBytes() < 1 || maxBodySize.toBytes() > Integer.MAX_VALUE - 8)) {
      throw new IllegalArgumentException(
          "recsys.ingest.max-body-size must be between 1 B and 2 GB, was " + maxBodySize);
    }
    if (maxFutureSkew != null && maxFutureSkew.isNegative()) {
      throw new IllegalArgumentException(
          "recsys.ingest.max-future-skew must not be negative, was " + maxFutureSkew);
    }
    if (retryAfter != null && (retryAfter.isNegative() || retryAfter.isZero())) {
      throw new IllegalArgumentException(
          "recsys.ingest.retry-after must be positive, was " + retryAfter);
    }
  }

  /** {@link #maxBodySize} in bytes. */
  public int maxBodyBytes() {
    return (int) maxBodySize.toBytes();
  }
}
