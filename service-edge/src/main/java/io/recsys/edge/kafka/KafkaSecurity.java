package io.recsys.edge.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * TLS and SASL settings of every Kafka client a service opens (prefix
 * {@code recsys.kafka.security}). Blank settings are left out, so the client defaults apply.
 *
 * @param protocol           security.protocol: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
 * @param saslMechanism      sasl.mechanism, e.g. PLAIN, SCRAM-SHA-512, OAUTHBEARER
 * @param saslJaasConfig     sasl.jaas.config (a secret: Kafka logs it as [hidden])
 * @param truststoreLocation ssl.truststore.location, the CA certificates to trust
 * @param truststorePassword ssl.truststore.password (a secret)
 * @param truststoreType     ssl.truststore.type, JKS, PKCS12 or PEM
 * @param keystoreLocation   ssl.keystore.location, this client's certificate for mutual TLS
 * @param keystorePassword   ssl.keystore.password (a secret)
 * @param keyPassword        ssl.key.password (a secret)
 */
public record KafkaSecurity(
    @DefaultValue("PLAINTEXT") String protocol,
    String saslMechanism,
    String saslJaasConfig,
    String truststoreLocation,
    String truststorePassword,
    String truststoreType,
    String keystoreLocation,
    String keystorePassword,
    String keyPassword) {

  private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT",
      "SASL_SSL");

  public KafkaSecurity {
    protocol = protocol == null || protocol.isBlank() ? "PLAINTEXT" : protocol.trim().toUpperCase();
    if (!PROTOCOLS.contains(protocol)) {
      throw new IllegalArgumentException("recsys.kafka.security.protocol must be one of "
          + PROTOCOLS + ", was " + protocol);
    }
    if (protocol.startsWith("SASL") && (saslJaasConfig == null || saslJaasConfig.isBlank())
        && !"GSSAPI".equalsIgnoreCase(saslMechanism)) {
      throw new IllegalArgumentException("recsys.kafka.security.sasl-jaas-config (env "
          + "KAFKA_SASL_JAAS_CONFIG) is required with security protocol " + protocol);
    }
  }

  public static KafkaSecurity plaintext() {
    return new KafkaSecurity(null, null, null, null, null, null, null, null, null);
  }

  /** The Kafka client properties these settings stand for. */
  public Map<String, Object> clientConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("security.protocol", protocol);
    putIfSet(config, "sasl.mechanism", saslMechanism);
    putIfSet(config, "sasl.jaas.config", saslJaasConfig);
    putIfSet(config, "ssl.truststore.location", truststoreLocation);
    putIfSet(config, "ssl.truststore.password", truststorePassword);
    putIfSet(config, "ssl.truststore.type", truststoreType);
    putIfSet(config, "ssl.keystore.location", keystoreLocation);
    putIfSet(config, "ssl.keystore.password", keystorePassword);
    putIfSet(config, "ssl.key.password", keyPassword);
    return config;
  }

  /** Never the secrets: this record may end up in a log line or an error message. */
  @Override
  public String toString() {
    return "KafkaSecurity[protocol=" + protocol + ", saslMechanism=" + saslMechanism
        + ", truststoreLocation=" + truststoreLocation + ", keystoreLocation=" + keystoreLocation
        + "]";
  }

  private static void putIfSet(Map<String, Object> config, String key, String value) {
    if (value != null && !value.isBlank()) {
      config.put(key, value);
    }
  }
}
