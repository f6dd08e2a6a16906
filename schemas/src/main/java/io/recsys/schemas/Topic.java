package io.recsys.schemas;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * A Kafka topic with everything needed to use it: name, key and value serdes, and how it is
 * created. Code refers to topics only through these descriptors, never by string literal.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde,
                          int defaultPartitions, CleanupPolicy cleanupPolicy) {

  public enum CleanupPolicy {
    DELETE(TopicConfig.CLEANUP_POLICY_DELETE),
    COMPACT(TopicConfig.CLEANUP_POLICY_COMPACT);

    private final String kafkaValue;

    CleanupPolicy(String kafkaValue) {
      this.kafkaValue = kafkaValue;
    }

    public String kafkaValue() {
      return kafkaValue;
    }
  }

  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
    if (defaultPartitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1 for topic " + name);
    }
  }

  /** The admin request that creates this topic. */
  public NewTopic newTopic(int partitions, short replicationFactor) {
    return new NewTopic(name, partitions, replicationFactor)
        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy.kafkaValue()));
  }
}
