package io.recsys.ingest.kafka;

import io.recsys.edge.kafka.KafkaConnectionProperties;
import io.recsys.schemas.Topics;
import io.recsys.schemas.kafka.RatingPublisher;
import io.recsys.schemas.avro.RatingEvent;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Kafka clients of the ingest service: one idempotent producer, one admin client. */
@Configuration(proxyBeanMethods = false)
public class KafkaConfiguration {

  @Bean(destroyMethod = "close")
  Admin kafkaAdmin(RecsysKafkaProperties props, KafkaConnectionProperties connection) {
    return Admin.create(adminConfig(props, connection));
  }

  /** Depends on the topics being created first (when enabled). */
  @Bean(destroyMethod = "close")
  RatingPublisher ratingPublisher(RecsysKafkaProperties props,
                                  KafkaConnectionProperties connection, TopicInitializer topics) {
    KafkaProducer<Long, RatingEvent> producer = new KafkaProducer<>(
        producerConfig(props, connection),
        Topics.RATINGS.keySerde().serializer(), Topics.RATINGS.valueSerde().serializer());
    return new RatingPublisher(producer, Topics.RATINGS, props.closeTimeout());
  }

  @Bean
  KafkaHealthIndicator kafkaHealthIndicator(Admin kafkaAdmin, RecsysKafkaProperties props,
                                            KafkaConnectionProperties connection) {
    return new KafkaHealthIndicator(kafkaAdmin, props.healthTimeout(),
        connection.bootstrapServers());
  }

  /** Creates missing topics first (when enabled); see {@link TopicInitializer}. */
  @Bean(destroyMethod = "close")
  TopicInitializer topicInitializer(RecsysKafkaProperties props,
                                    KafkaConnectionProperties connection) {
    TopicInitializer initializer = new TopicInitializer(adminConfig(props, connection),
        props.topicPartitions(),
        props.replicationFactor(), props.topicRetryInterval());
    if (props.createTopics()) {
      initializer.start();
    }
    return initializer;
  }

  static Map<String, Object> producerConfig(RecsysKafkaProperties props,
                                            KafkaConnectionProperties connection) {
    Map<String, Object> config = new HashMap<>(connection.clientConfig());
    config.putAll(props.producer());
    config.put(ProducerConfig.CLIENT_ID_CONFIG, props.clientId());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    config.put(ProducerConfig.LINGER_MS_CONFIG, (int) props.linger().toMillis());
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, (int) props.batchSize().toBytes());
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, props.bufferMemory().toBytes());
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, props.compressionType());
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, props.maxBlock().toMillis());
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) props.requestTimeout().toMillis());
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        (int) props.deliveryTimeout().toMillis());
    return config;
  }

  static Map<String, Object> adminConfig(RecsysKafkaProperties props,
                                         KafkaConnectionProperties connection) {
    Map<String, Object> config = new HashMap<>(connection.clientConfig());
    config.put(CommonClientConfigs.CLIENT_ID_CONFIG, props.clientId() + "-admin");
    int timeoutMs = (int) props.adminTimeout().toMillis();
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, timeoutMs / 2));
    return config;
  }
}
