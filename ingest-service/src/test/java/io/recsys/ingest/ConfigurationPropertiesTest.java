package io.recsys.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.ingest.kafka.RecsysKafkaProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

/** The settings records: their defaults, and that nonsense is refused at startup. */
class ConfigurationPropertiesTest {

  private static <T> T bind(Class<T> type, String prefix, Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate(prefix, Bindable.of(type));
  }

  @Test
  void ingestDefaults() {
    IngestProperties props = bind(IngestProperties.class, "recsys.ingest", Map.of());
    assertThat(props.maxBatchSize()).isEqualTo(10_000);
    assertThat(props.maxBodySize()).isEqualTo(DataSize.ofMegabytes(16));
    assertThat(props.minEventTime()).isEqualTo(Instant.parse("1990-01-01T00:00:00Z"));
    assertThat(props.maxFutureSkew()).isEqualTo(Duration.ofDays(1));
    assertThat(props.retryAfter()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void kafkaDefaultsAndRelaxedNames() {
    RecsysKafkaProperties props = bind(RecsysKafkaProperties.class, "recsys.kafka",
        Map.of("recsys.kafka.bootstrap-servers", "k1:9092,k2:9092",
            "recsys.kafka.producer.compression.type", "zstd"));
    assertThat(props.deliveryTimeout()).isEqualTo(Duration.ofSeconds(6));
    assertThat(props.compressionType()).isEqualTo("lz4");
    assertThat(props.producer()).containsEntry("compression.type", "zstd");
  }

  @Test
  void constraintsAreCheckedWhenTheApplicationBinds() {
    ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
        .withUserConfiguration(Enabler.class);
    runner.run(context -> assertThat(context).hasNotFailed());
    runner.withPropertyValues("recsys.ingest.max-batch-size=0")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("maxBatchSize"));
    runner.withPropertyValues("recsys.kafka.client-id= ")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("clientId"));
  }

  @EnableConfigurationProperties({IngestProperties.class, RecsysKafkaProperties.class})
  static class Enabler {
  }

  @Test
  void inconsistentSettingsAreRefused() {
    assertThatThrownBy(() -> bind(RecsysKafkaProperties.class, "recsys.kafka",
        Map.of("recsys.kafka.delivery-timeout", "1s", "recsys.kafka.request-timeout", "2s")))
        .isInstanceOf(BindException.class)
        .rootCause().hasMessageContaining("delivery-timeout");
    assertThatThrownBy(() -> bind(RecsysKafkaProperties.class, "recsys.kafka",
        Map.of("recsys.kafka.compression-type", "brotli")))
        .rootCause().hasMessageContaining("compression-type");
    assertThatThrownBy(() -> bind(IngestProperties.class, "recsys.ingest",
        Map.of("recsys.ingest.max-body-size", "4GB")))
        .rootCause().hasMessageContaining("max-body-size");
  }
}
