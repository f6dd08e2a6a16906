package io.recsys.cli;

import io.recsys.gsasrec.bundle.ModelBundle;
import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.ModelVersion;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Announces a model bundle on {@code model-versions}: the sync worker then builds its index
 * snapshots and Qdrant collection. The bundle is validated first, so nothing broken is announced;
 * announcing a version twice is harmless (the worker skips a version already in place).
 */
final class ModelPublisher {

  private ModelPublisher() {
  }

  /** {@link #publish} for the benchmarks' callbacks: a failure is an IllegalStateException. */
  static void announce(Map<String, Object> kafka, ModelBundle bundle) {
    try {
      publish(kafka, bundle);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while announcing " + bundle.modelVersion(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("announcing " + bundle.modelVersion() + " failed", e);
    }
  }

  static ModelVersion publish(Map<String, Object> kafka, ModelBundle bundle)
      throws InterruptedException, ExecutionException, TimeoutException {
    ModelVersion version = ModelVersion.newBuilder()
        .setModelId(bundle.modelVersion())
        .setBundlePath(bundle.dir().toAbsolutePath().toString())
        .setNumItems(bundle.config().numItems())
        .setDimension(bundle.config().embeddingDim())
        .setCreatedAt(Instant.now())
        .setMetrics(new HashMap<>(bundle.metrics()))
        .build();
    Map<String, Object> config = new HashMap<>(kafka);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    try (KafkaProducer<String, ModelVersion> producer = new KafkaProducer<>(config,
        Topics.MODEL_VERSIONS.keySerde().serializer(), Topics.MODEL_VERSIONS.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(Topics.MODEL_VERSIONS.name(), version.getModelId(), version))
          .get(30, TimeUnit.SECONDS);
    }
    return version;
  }
}
