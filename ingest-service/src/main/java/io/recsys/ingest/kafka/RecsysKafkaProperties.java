package io.recsys.ingest.kafka;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Producer settings of the ingest service (prefix {@code recsys.kafka}); where the cluster is
 * and how to authenticate are the shared {@code KafkaConnectionProperties} of service-edge.
 * {@code acks=all} and {@code enable.idempotence=true} are fixed: a 202 means the event is
 * durably in Kafka.
 *
 * @param clientId          the producer's client.id (the admin client appends "-admin")
 * @param linger            producer linger.ms: how long a send waits to fill a batch
 * @param batchSize         producer batch.size per partition
 * @param compressionType   none, gzip, snappy, lz4 or zstd
 * @param bufferMemory      producer buffer.memory; a full buffer blocks sends up to maxBlock
 * @param maxBlock          producer max.block.ms: longest wait for metadata or buffer space
 * @param requestTimeout    producer request.timeout.ms: one produce request's wait for the broker
 * @param deliveryTimeout   producer delivery.timeout.ms: longest time from send to ack or failure,
 *                          retries included; bounds how long a client waits before its 503
 * @param closeTimeout      how long shutdown waits for in-flight events
 * @param healthTimeout     the health check's describeCluster timeout
 * @param adminTimeout      budget of one admin operation (topic creation at startup)
 * @param createTopics      create missing topics (all of Topics.ALL) at startup; when Kafka is
 *                          not reachable then, retry in the background every topicRetryInterval
 * @param topicRetryInterval pause between background attempts to create the topics
 * @param topicPartitions   partitions of per-user topics when created here; 0 = the descriptor's
 * @param replicationFactor replication factor of topics created here
 * @param producer          further producer-only properties, passed through
 */
@Validated
@ConfigurationProperties("recsys.kafka")
public record RecsysKafkaProperties(
    @DefaultValue("recsys-ingest") @NotBlank String clientId,
    @DefaultValue("5ms") @NotNull Duration linger,
    @DefaultValue("256KB") @NotNull DataSize batchSize,
    @DefaultValue("lz4") @NotBlank String compressionType,
    @DefaultValue("64MB") @NotNull DataSize bufferMemory,
    @DefaultValue("3s") @NotNull Duration maxBlock,
    @DefaultValue("3s") @NotNull Duration requestTimeout,
    @DefaultValue("6s") @NotNull Duration deliveryTimeout,
    @DefaultValue("5s") @NotNull Duration closeTimeout,
    @DefaultValue("2s") @NotNull Duration healthTimeout,
    @DefaultValue("10s") @NotNull Duration adminTimeout,
    @DefaultValue("true") boolean createTopics,
    @DefaultValue("10s") @NotNull Duration topicRetryInterval,
    @DefaultValue("0") @Min(0) @Max(10_000) int topicPartitions,
    @DefaultValue("1") @Min(1) @Max(32) short replicationFactor,
    Map<String, String> producer) {

  private static final Set<String> COMPRESSION_TYPES = Set.of("none", "gzip", "snappy", "lz4",
      "zstd");

  public RecsysKafkaProperties {
    producer = producer == null ? Map.of() : Map.copyOf(producer);
    if (compressionType != null && !COMPRESSION_TYPES.contains(compressionType)) {
      throw new IllegalArgumentException("recsys.kafka.compression-type must be one of "
          + COMPRESSION_TYPES + ", was " + compressionType);
    }
    if (linger != null && requestTimeout != null && deliveryTimeout != null
        && deliveryTimeout.compareTo(linger.plus(requestTimeout)) < 0) {
      // the producer itself refuses this combination; say so in our own terms
      throw new IllegalArgumentException("recsys.kafka.delivery-timeout (" + deliveryTimeout
          + ") must be at least linger + request-timeout (" + linger.plus(requestTimeout) + ")");
    }
    for (Duration d : new Duration[] {maxBlock, requestTimeout, deliveryTimeout, healthTimeout,
        adminTimeout, topicRetryInterval}) {
      if (d != null && (d.isNegative() || d.isZero())) {
        throw new IllegalArgumentException("recsys.kafka timeouts must be positive, was " + d);
      }
    }
  }
}
