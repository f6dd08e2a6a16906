package io.recsys.edge.kafka;

import jakarta.validation.constraints.NotBlank;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a service reaches Kafka (prefix {@code recsys.kafka}): the same three settings in every
 * service, so one set of environment variables configures them all.
 *
 * @param bootstrapServers the cluster (env KAFKA_BOOTSTRAP_SERVERS)
 * @param security         TLS and SASL (env KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*, KAFKA_SSL_*)
 * @param client           further client properties for every client, passed through as given;
 *                         they win over {@code security}
 */
@Validated
@ConfigurationProperties("recsys.kafka")
public record KafkaConnectionProperties(
    @DefaultValue("localhost:9092") @NotBlank String bootstrapServers,
    KafkaSecurity security,
    Map<String, String> client) {

  public KafkaConnectionProperties {
    security = security == null ? KafkaSecurity.plaintext() : security;
    client = client == null ? Map.of() : Map.copyOf(client);
  }

  /** The properties every Kafka client of the service starts from. */
  public Map<String, Object> clientConfig() {
    Map<String, Object> config = new HashMap<>(security.clientConfig());
    config.putAll(client);
    config.put("bootstrap.servers", bootstrapServers);
    return config;
  }

  /** Names the pass-through settings but never their values, which may hold secrets. */
  @Override
  public String toString() {
    return "KafkaConnectionProperties[bootstrapServers=" + bootstrapServers + ", security="
        + security + ", client=" + client.keySet() + "]";
  }
}
