package io.recsys.sync.config;

import jakarta.validation.constraints.NotBlank;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach Kafka (prefix {@code recsys.kafka}), shared with the other services.
 *
 * @param bootstrapServers the cluster (env KAFKA_BOOTSTRAP_SERVERS)
 * @param client           further client properties for every client, e.g. security settings
 */
@Validated
@ConfigurationProperties("recsys.kafka")
public record KafkaConnectionProperties(
    @DefaultValue("localhost:9092") @NotBlank String bootstrapServers,
    Map<String, String> client) {

  public Map<String, Object> clientConfig() {
    Map<String, Object> config = new HashMap<>();
    if (client != null) {
      config.putAll(client);
    }
    config.put("bootstrap.servers", bootstrapServers);
    return config;
  }
}
