package io.recsys.recommender.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.recommender.topology.TopologyConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class RecommenderPropertiesTest {

  @Test
  void unsetPropertiesTakeTheTopologysDefaults() {
    RecommenderProperties props = new Binder(new MapConfigurationPropertySource(Map.of()))
        .bindOrCreate("recsys.recommender", RecommenderProperties.class);
    TopologyConfig.CatchUp catchUp = TopologyConfig.CatchUp.DEFAULTS;
    assertThat(props.commitInterval()).isEqualTo(Duration.ofMillis(35))
        .isEqualTo(new TopologyConfig(200, 256, Duration.ofMillis(5), 10).commitInterval());
    assertThat(props.catchUpLag()).isEqualTo(catchUp.lag()).isEqualTo(Duration.ofMillis(250));
    assertThat(props.catchUpBatchSize()).isEqualTo(catchUp.batchSize()).isEqualTo(16_384);
    assertThat(props.catchUpMaxDelay()).isEqualTo(catchUp.maxDelay()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void theReadmesUnitsStillBind() {
    RecommenderProperties props = new Binder(new MapConfigurationPropertySource(Map.of(
        "recsys.recommender.commit-interval", "50ms", "recsys.recommender.catch-up-lag", "1s")))
        .bindOrCreate("recsys.recommender", RecommenderProperties.class);
    assertThat(props.commitInterval()).isEqualTo(Duration.ofMillis(50));
    assertThat(props.catchUpLag()).isEqualTo(Duration.ofSeconds(1));
  }
}
