package io.recsys.sync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.kafka.EmbeddedKafkaBroker;
import io.recsys.qdrant.CollectionNaming;
import io.recsys.qdrant.standin.QdrantStandIn;
import io.recsys.schemas.TopicCreator;
import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.CatalogItem;
import io.recsys.schemas.avro.ModelVersion;
import io.recsys.sync.SyncWorkerApplication;
import io.recsys.sync.TestBundles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Qdrant (the stand-in) going away after a rollout: the worker reports degraded health, keeps
 * the catalogue changes that arrive meanwhile, and writes them to the collection once Qdrant is
 * back; health is UP again.
 */
@Tag("slow")
class QdrantOutageTest {

  private static final long MOVIE = TestBundles.MOVIE_OFFSET + 1;

  @TempDir
  Path work;

  @Test
  void payloadChangesMadeWhileQdrantIsDownAreWrittenOnceItIsBack() throws Exception {
    Path bundle = TestBundles.synthetic(work.resolve("bundle"), 50, 8, 1);
    String version = TestBundles.versionOf(bundle);
    String collection = new CollectionNaming("items").collectionFor(version);
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, null);
         QdrantStandIn qdrant = QdrantStandIn.start()) {
      Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
      TopicCreator.createMissing(kafka, 2, (short) 1);
      ConfigurableApplicationContext app = SyncWorkerApplication.start(Map.of(
          SyncWorkerApplication.PORT, 0,
          SyncWorkerApplication.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
          SyncWorkerApplication.SNAPSHOT_DIR, work.resolve("snapshots").toString(),
          SyncWorkerApplication.QDRANT_URL, qdrant.url(),
          "recsys.sync.kinds", "exact",
          "recsys.sync.metadata-wait", "1s",
          "recsys.sync.payload-debounce", "200ms",
          "recsys.sync.retry.initial-backoff", "50ms",
          "recsys.sync.retry.max-backoff", "500ms"));
      WebTestClient http = WebTestClient.bindToServer()
          .baseUrl("http://localhost:" + SyncWorkerApplication.port(app))
          .responseTimeout(Duration.ofSeconds(30)).build();
      try (KafkaProducer<Long, CatalogItem> catalog = new KafkaProducer<>(kafka,
          Topics.CATALOG.keySerde().serializer(), Topics.CATALOG.valueSerde().serializer());
           KafkaProducer<String, ModelVersion> models = new KafkaProducer<>(kafka,
               Topics.MODEL_VERSIONS.keySerde().serializer(),
               Topics.MODEL_VERSIONS.valueSerde().serializer())) {
        models.send(new ProducerRecord<>(Topics.MODEL_VERSIONS.name(), version,
            ModelVersion.newBuilder().setModelId(version).setBundlePath(bundle.toString())
                .setNumItems(50).setDimension(8).setCreatedAt(Instant.now()).build())).get();
        await("the collection behind the alias", () -> collection.equals(
            qdrant.aliasTarget("items")));

        qdrant.setUnavailable(true);
        http.get().uri("/actuator/health").exchange().expectBody()
            .jsonPath("$.status").isEqualTo("DEGRADED");
        catalog.send(new ProducerRecord<>(Topics.CATALOG.name(), MOVIE, new CatalogItem(MOVIE,
            "Renamed while Qdrant was down", List.of("Drama"), 1999))).get();
        Thread.sleep(2_000); // several debounce periods and failed writes

        qdrant.setUnavailable(false);
        await("the renamed title in Qdrant", () -> {
          var payload = qdrant.payload(collection, MOVIE);
          return payload != null && payload.containsKey("title")
              && payload.get("title").getStringValue().equals("Renamed while Qdrant was down");
        });
        assertThat(qdrant.payload(collection, MOVIE).get("year").getIntegerValue())
            .isEqualTo(1999);
        http.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
            .jsonPath("$.status").isEqualTo("UP");
      } finally {
        app.close();
      }
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within 60 s: " + what);
      }
      Thread.sleep(50);
    }
  }
}
