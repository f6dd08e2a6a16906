package io.recsys.edge.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaConnectionPropertiesTest {

  private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule"
      + " required username=\"recsys\" password=\"s3cret-pass\";";

  @Test
  void plaintextByDefault() {
    KafkaConnectionProperties props = new KafkaConnectionProperties("k:9092", null, null);
    assertThat(props.clientConfig()).containsEntry("bootstrap.servers", "k:9092")
        .containsEntry("security.protocol", "PLAINTEXT").hasSize(2);
  }

  @Test
  void saslOverTlsBecomesClientProperties() {
    KafkaSecurity security = new KafkaSecurity("sasl_ssl", "SCRAM-SHA-512", JAAS,
        "/etc/kafka/ca.p12", "trust-pass", "PKCS12", "", null, null);
    Map<String, Object> config = new KafkaConnectionProperties("k:9093", security,
        Map.of("client.dns.lookup", "use_all_dns_ips")).clientConfig();
    assertThat(config).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", JAAS)
        .containsEntry("ssl.truststore.location", "/etc/kafka/ca.p12")
        .containsEntry("ssl.truststore.password", "trust-pass")
        .containsEntry("client.dns.lookup", "use_all_dns_ips")
        .doesNotContainKey("ssl.keystore.location");
  }

  @Test
  void saslWithoutCredentialsIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new KafkaSecurity("SASL_SSL", "PLAIN", "", null, null, null, null,
        null, null)).hasMessageContaining("KAFKA_SASL_JAAS_CONFIG");
    assertThatThrownBy(() -> new KafkaSecurity("TLS", null, null, null, null, null, null, null,
        null)).hasMessageContaining("recsys.kafka.security.protocol");
  }

  @Test
  void secretsNeverAppearInToString() {
    KafkaSecurity security = new KafkaSecurity("SASL_SSL", "PLAIN", JAAS, null, "trust-pass",
        null, null, "key-pass", "key-pass");
    String text = new KafkaConnectionProperties("k:9093", security,
        Map.of("sasl.login.password", "other-secret")).toString();
    assertThat(text).doesNotContain("s3cret-pass", "trust-pass", "key-pass", "other-secret")
        .contains("SASL_SSL", "sasl.login.password");
  }
}
