package io.recsys.recommender.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.edge.kafka.KafkaConnectionProperties;
import io.recsys.recommender.config.RecommenderProperties;
import io.recsys.recommender.model.ServingModelHolder;
import io.recsys.recommender.topology.RecomputeListener;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The Streams settings the service runs with when nothing is configured. */
class RecommenderStreamsConfigTest {

  static <T> T bind(String prefix, Class<T> type, Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate(prefix, type);
  }

  private static Properties defaults(Map<String, String> values) {
    RecommenderProperties props = bind("recsys.recommender", RecommenderProperties.class,
        values);
    KafkaConnectionProperties kafka = bind("recsys.kafka", KafkaConnectionProperties.class,
        Map.of());
    return new RecommenderStreams(props, kafka, new ServingModelHolder(), RecomputeListener.NONE,
        200, () -> 8123, null, () -> { }).streamsConfig();
  }

  @Test
  void exactlyOnceV2IsTheDefault() {
    Properties p = defaults(Map.of("recsys.recommender.model-dir", "m"));
    assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(p.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("recsys-recommender");
    // one memory budget for all stores, and a static member id for fast restarts
    assertThat(p.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
        .isEqualTo(BoundedRocksDbMemory.class);
    assertThat(p.get(BoundedRocksDbMemory.TOTAL_BYTES)).isEqualTo(Long.toString(128L << 20));
    assertThat((String) p.get(StreamsConfig.consumerPrefix("group.instance.id")))
        .startsWith("recsys-recommender-");
    assertThat(p.get("bootstrap.servers")).isEqualTo("localhost:9092");
  }

  @Test
  void theAdvertisedHostAndTheWebPortAreTheInteractiveQueryAddress() {
    Properties p = defaults(Map.of("recsys.recommender.model-dir", "m",
        "recsys.recommender.advertised-host", "recommender-2"));
    assertThat(p.get(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("recommender-2:8123");
  }
}
