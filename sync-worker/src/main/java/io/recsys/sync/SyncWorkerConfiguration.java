package io.recsys.sync;

import io.recsys.qdrant.QdrantEndpoint;
import io.recsys.qdrant.CollectionNaming;
import io.micrometer.core.instrument.MeterRegistry;
import io.recsys.schemas.TopicCreator;
import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.CatalogItem;
import io.recsys.schemas.avro.ItemStats;
import io.recsys.schemas.avro.ModelVersion;
import io.recsys.edge.kafka.KafkaConnectionProperties;
import io.recsys.edge.security.WriteEndpoints;
import io.recsys.sync.config.SyncProperties;
import io.recsys.sync.kafka.KafkaSnapshotAnnouncer;
import io.recsys.schemas.kafka.TopicFollower;
import io.recsys.sync.metadata.ItemMetadataStore;
import io.recsys.sync.qdrant.QdrantHealthIndicator;
import io.recsys.sync.qdrant.QdrantItemStore;
import io.recsys.sync.retry.Backoff;
import io.recsys.sync.retry.Retrier;
import io.recsys.sync.rollout.ItemVectorStore;
import io.recsys.sync.rollout.ModelRollout;
import io.recsys.sync.rollout.ModelVersionTracker;
import io.recsys.sync.snapshot.SnapshotBuilder;
import io.recsys.sync.web.ApiExamples;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the pure parts (bundle reading, snapshots, Qdrant requests, rollout) to Kafka and HTTP. */
@Configuration(proxyBeanMethods = false)
public class SyncWorkerConfiguration {

  /** Starting a sync or rollout needs a key; its status is a read. */
  @Bean
  WriteEndpoints writeEndpoints() {
    return WriteEndpoints.of("POST /sync");
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** Answer examples for every operation of /v3/api-docs. */
  @Bean
  ApiExamples apiExamples() {
    return new ApiExamples();
  }

  @Bean
  ItemMetadataStore itemMetadataStore() {
    return new ItemMetadataStore();
  }

  @Bean
  Backoff backoff(SyncProperties props) {
    return new Backoff(props.retry().initialBackoff(), props.retry().maxBackoff());
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(name = "recsys.sync.qdrant.enabled", havingValue = "true",
      matchIfMissing = true)
  QdrantItemStore qdrantItemStore(SyncProperties props, Backoff backoff) {
    SyncProperties.Qdrant q = props.qdrant();
    return new QdrantItemStore(QdrantEndpoint.connect(q.url(), q.apiKey(), q.timeout()), q.url(),
        new CollectionNaming(q.alias()), q.keep(), q.batchSize(), q.timeout(),
        new Retrier(props.retry().maxAttempts(), backoff, Retrier.Sleeper.THREAD));
  }

  @Bean("qdrant")
  @ConditionalOnProperty(name = "recsys.sync.qdrant.enabled", havingValue = "true",
      matchIfMissing = true)
  QdrantHealthIndicator qdrantHealth(QdrantItemStore store, SyncProperties props) {
    return new QdrantHealthIndicator(store, props.qdrant().alias());
  }

  @Bean(destroyMethod = "close")
  KafkaSnapshotAnnouncer snapshotAnnouncer(KafkaConnectionProperties kafka) {
    return new KafkaSnapshotAnnouncer(kafka.clientConfig());
  }

  @Bean
  ModelRollout modelRollout(SyncProperties props, KafkaSnapshotAnnouncer announcer,
                            ObjectProvider<ItemVectorStore> store, ItemMetadataStore metadata,
                            Clock clock) {
    return new ModelRollout(
        new SnapshotBuilder(props.snapshotDir(), props.indexKinds(), props.failIfUnavailable()),
        announcer, store.getIfAvailable(), metadata, clock);
  }

  @Bean
  SyncMetrics syncMetrics(MeterRegistry registry) {
    return new SyncMetrics(registry);
  }

  @Bean(destroyMethod = "close")
  SyncRunner syncRunner(SyncProperties props, ModelRollout rollout, ItemMetadataStore metadata,
                        Backoff backoff, SyncMetrics metrics, ObjectProvider<ItemVectorStore> store) {
    SyncRunner runner = new SyncRunner(new ModelVersionTracker(), rollout, metadata,
        props.qdrant().enabled(), props.metadataWait(), backoff, metrics);
    runner.scheduleReconcile(Duration.ofHours(props.intervalHours()));
    store.ifAvailable(s -> runner.schedulePayloadUpdates(s, props.payloadDebounce()));
    return runner;
  }

  @Bean("sync")
  HealthIndicator syncHealth(SyncRunner runner) {
    return () -> runner.lastRun()
        .map(last -> (last.ok() ? Health.up() : Health.status(QdrantHealthIndicator.DEGRADED))
            .withDetail("last_run", last.trigger() + " at " + last.at())
            .withDetail("detail", String.valueOf(last.detail())).build())
        .orElseGet(() -> Health.up().withDetail("last_run", "none yet").build());
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  TopicFollower modelVersionFollower(KafkaConnectionProperties kafka, SyncRunner runner) {
    Map<String, Object> config = kafka.clientConfig();
    // the backlog read at start-up only fills the tracker, so that only its newest version is
    // rolled out, not every version in turn
    AtomicBoolean caughtUp = new AtomicBoolean();
    return new TopicFollower("model-versions", List.of(Topics.MODEL_VERSIONS.name()), config,
        record -> {
          if (record.value() != null) {
            ModelVersion version = Topics.MODEL_VERSIONS.valueSerde().deserializer()
                .deserialize(record.topic(), record.value());
            if (caughtUp.get()) {
              runner.modelAnnounced(version);
            } else {
              runner.remember(version);
            }
          }
        }, () -> {
          caughtUp.set(true);
          runner.kick();
        }, () -> TopicCreator.createMissing(config, 0, (short) 1));
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  TopicFollower metadataFollower(KafkaConnectionProperties kafka, ItemMetadataStore metadata) {
    Map<String, Object> config = kafka.clientConfig();
    String catalog = Topics.CATALOG.name();
    return new TopicFollower("item-metadata", List.of(catalog, Topics.ITEM_STATS.name()), config,
        record -> {
          long movieId = Topics.CATALOG.keySerde().deserializer().deserialize(record.topic(),
              record.key());
          boolean isCatalog = record.topic().equals(catalog);
          if (record.value() == null) {
            if (isCatalog) {
              metadata.removeCatalog(movieId);
            } else {
              metadata.removeStats(movieId);
            }
          } else if (isCatalog) {
            CatalogItem item = Topics.CATALOG.valueSerde().deserializer()
                .deserialize(record.topic(), record.value());
            metadata.apply(item);
          } else {
            ItemStats stats = Topics.ITEM_STATS.valueSerde().deserializer()
                .deserialize(record.topic(), record.value());
            metadata.apply(stats);
          }
        }, metadata::markCaughtUp, () -> TopicCreator.createMissing(config, 0, (short) 1));
  }
}
