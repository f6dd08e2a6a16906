package io.recsys.sync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.index.IndexConfig;
import io.recsys.index.IndexKind;
import io.recsys.index.SnapshotExpectation;
import io.recsys.index.VectorIndex;
import io.recsys.index.VectorIndexFactory;
import io.recsys.kafka.EmbeddedKafkaBroker;
import io.recsys.schemas.TopicCreator;
import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.CatalogItem;
import io.recsys.schemas.avro.IndexSnapshot;
import io.recsys.schemas.avro.ModelVersion;
import io.recsys.sync.SyncWorkerApplication;
import io.recsys.sync.TestBundles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The worker on a real embedded broker with a real (small) bundle. Qdrant is configured but
 * unreachable (nothing listens on 127.0.0.1:1): snapshots must still be built and announced,
 * and the worker must stay up and report itself degraded.
 */
@Tag("slow")
class SyncWorkerEndToEndTest {

  private static EmbeddedKafkaBroker broker;
  private static ConfigurableApplicationContext app;
  private static WebTestClient http;
  private static Path work;
  private static Map<String, Object> kafka;

  @BeforeAll
  static void start() throws Exception {
    work = Files.createTempDirectory("sync-e2e");
    broker = EmbeddedKafkaBroker.start(0, null);
    kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
    TopicCreator.createMissing(kafka, 2, (short) 1);
    app = SyncWorkerApplication.start(Map.of(
        SyncWorkerApplication.PORT, 0,
        SyncWorkerApplication.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
        SyncWorkerApplication.SNAPSHOT_DIR, work.resolve("snapshots").toString(),
        SyncWorkerApplication.QDRANT_URL, "http://127.0.0.1:1",
        "recsys.sync.kinds", "exact",
        "recsys.sync.metadata-wait", "5s",
        "recsys.sync.retry.max-attempts", "2",
        "recsys.sync.retry.initial-backoff", "10ms",
        "recsys.sync.retry.max-backoff", "200ms"));
    http = WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + SyncWorkerApplication.port(app))
        .responseTimeout(Duration.ofSeconds(60)).build();
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void aNewModelVersionGetsALoadableSnapshotAnnouncedAndQdrantDownOnlyDegradesTheWorker()
      throws Exception {
    Path bundle = TestBundles.reference(work.resolve("bundle"));
    String version = TestBundles.versionOf(bundle);
    try (KafkaProducer<Long, CatalogItem> catalog = new KafkaProducer<>(kafka,
        Topics.CATALOG.keySerde().serializer(), Topics.CATALOG.valueSerde().serializer());
         KafkaProducer<String, ModelVersion> models = new KafkaProducer<>(kafka,
             Topics.MODEL_VERSIONS.keySerde().serializer(),
             Topics.MODEL_VERSIONS.valueSerde().serializer())) {
      catalog.send(new ProducerRecord<>(Topics.CATALOG.name(), 1001L, CatalogItem.newBuilder()
          .setMovieId(1001).setTitle("Toy Story (1995)").setGenres(List.of("Animation"))
          .setYear(1995).build())).get();
      models.send(new ProducerRecord<>(Topics.MODEL_VERSIONS.name(), version,
          ModelVersion.newBuilder().setModelId(version).setBundlePath(bundle.toString())
              .setNumItems(TestBundles.MOVIE_OFFSET).setDimension(0)
              .setCreatedAt(Instant.now()).build())).get();
    }

    IndexSnapshot announced = awaitSnapshot(version, Duration.ofSeconds(90));
    assertThat(announced.getKind()).isEqualTo(io.recsys.schemas.avro.IndexKind.EXACT);
    assertThat(announced.getCount()).isPositive();
    try (VectorIndex index = new VectorIndexFactory(IndexConfig.defaults(IndexKind.EXACT))
        .load(Path.of(announced.getPath()), SnapshotExpectation.any().withModelVersion(version))) {
      assertThat(index.size()).isEqualTo(announced.getCount());
      assertThat(index.dimension()).isEqualTo(announced.getDimension());
      assertThat(index.ids().idAt(0)).isEqualTo(TestBundles.MOVIE_OFFSET + 1);
    }

    http.get().uri("/actuator/health").exchange().expectStatus().isOk()
        .expectBody()
        .jsonPath("$.status").isEqualTo("DEGRADED")
        .jsonPath("$.components.qdrant.status").isEqualTo("DEGRADED")
        .jsonPath("$.components.qdrant.details.detail").value(d ->
            assertThat((String) d).contains("unreachable"));

    // reconciling now finds the snapshot in place and fails only on Qdrant
    http.post().uri("/sync").exchange().expectStatus().isEqualTo(503)
        .expectBody()
        .jsonPath("$.status").isEqualTo("failed")
        .jsonPath("$.detail").value(d -> assertThat((String) d).contains("qdrant"));
    http.get().uri("/sync").exchange().expectStatus().isOk()
        .expectBody().jsonPath("$.latest_model").isEqualTo(version);

    http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
        .expectBody(String.class).value(s -> assertThat(s)
            .contains("recsys_sync_failures_total")
            .contains("recsys_sync_run_duration_seconds")
            .contains("recsys_sync_points_written_total"));
  }

  private static IndexSnapshot awaitSnapshot(String modelId, Duration within) {
    Properties p = new Properties();
    p.putAll(kafka);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-snapshots");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<IndexSnapshot> seen = new ArrayList<>();
    try (KafkaConsumer<String, IndexSnapshot> consumer = new KafkaConsumer<>(p,
        Topics.INDEX_SNAPSHOTS.keySerde().deserializer(),
        Topics.INDEX_SNAPSHOTS.valueSerde().deserializer())) {
      consumer.subscribe(List.of(Topics.INDEX_SNAPSHOTS.name()));
      long deadline = System.nanoTime() + within.toNanos();
      while (System.nanoTime() < deadline) {
        for (var record : consumer.poll(Duration.ofMillis(200))) {
          seen.add(record.value());
          if (record.key().equals(modelId)) {
            return record.value();
          }
        }
      }
    }
    throw new AssertionError("no snapshot of " + modelId + " announced within " + within
        + "; saw " + seen);
  }
}
