package io.recsys.sync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.kafka.EmbeddedKafkaBroker;
import io.recsys.schemas.TopicCreator;
import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.ModelVersion;
import io.recsys.sync.SyncWorkerApplication;
import io.recsys.sync.TestBundles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Start-up and restart on a real broker, Qdrant off: of the versions already on the topic only
 * the newest is built, and a restarted worker keeps the snapshot it finds in place.
 */
@Tag("slow")
class SyncWorkerRestartTest {

  private static EmbeddedKafkaBroker broker;
  private static Path work;

  @BeforeAll
  static void startBroker() throws Exception {
    work = Files.createTempDirectory("sync-restart");
    broker = EmbeddedKafkaBroker.start(0, null);
    TopicCreator.createMissing(Map.of("bootstrap.servers", broker.bootstrapServers()), 2, (short) 1);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  private static ConfigurableApplicationContext startWorker() {
    return SyncWorkerApplication.start(Map.of(
        SyncWorkerApplication.PORT, 0,
        SyncWorkerApplication.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
        SyncWorkerApplication.SNAPSHOT_DIR, work.resolve("snapshots").toString(),
        SyncWorkerApplication.QDRANT_ENABLED, false,
        "recsys.sync.kinds", "exact"));
  }

  private static WebTestClient http(ConfigurableApplicationContext app) {
    return WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + SyncWorkerApplication.port(app))
        .responseTimeout(Duration.ofSeconds(60)).build();
  }

  @Test
  void onlyTheNewestBacklogVersionIsBuiltAndARestartKeepsItsSnapshot() throws Exception {
    Path older = TestBundles.synthetic(work.resolve("older"), 40, 8, 1);
    Path newer = TestBundles.synthetic(work.resolve("newer"), 40, 8, 2);
    String olderVersion = TestBundles.versionOf(older);
    String newerVersion = TestBundles.versionOf(newer);
    try (KafkaProducer<String, ModelVersion> models = new KafkaProducer<>(
        Map.of("bootstrap.servers", broker.bootstrapServers()),
        Topics.MODEL_VERSIONS.keySerde().serializer(), Topics.MODEL_VERSIONS.valueSerde().serializer())) {
      // the newer one is sent first: "newest" is by creation time, not by offset
      models.send(record(newerVersion, newer, Instant.parse("2026-03-02T00:00:00Z"))).get();
      models.send(record(olderVersion, older, Instant.parse("2026-03-01T00:00:00Z"))).get();
    }
    Path snapshot = work.resolve("snapshots").resolve(newerVersion + ".exact.snapshot");

    ConfigurableApplicationContext first = startWorker();
    try {
      awaitRolledOut(http(first), newerVersion);
      assertThat(snapshot).exists();
      assertThat(work.resolve("snapshots").resolve(olderVersion + ".exact.snapshot")).doesNotExist();
      http(first).post().uri("/sync").exchange().expectStatus().isOk()
          .expectBody()
          .jsonPath("$.status").isEqualTo("ok")
          .jsonPath("$.model_version").isEqualTo(newerVersion)
          .jsonPath("$.snapshots[0].built_now").isEqualTo(false)
          .jsonPath("$.announced").isEqualTo(0);
    } finally {
      first.close();
    }
    FileTime written = Files.getLastModifiedTime(snapshot);

    ConfigurableApplicationContext second = startWorker();
    try {
      awaitRolledOut(http(second), newerVersion);
      assertThat(Files.getLastModifiedTime(snapshot)).isEqualTo(written);
      http(second).get().uri("/actuator/health").exchange().expectStatus().isOk()
          .expectBody().jsonPath("$.status").isEqualTo("UP");
    } finally {
      second.close();
    }
  }

  private static ProducerRecord<String, ModelVersion> record(String id, Path bundle, Instant at) {
    return new ProducerRecord<>(Topics.MODEL_VERSIONS.name(), id, ModelVersion.newBuilder()
        .setModelId(id).setBundlePath(bundle.toString()).setNumItems(40).setDimension(8)
        .setCreatedAt(at).build());
  }

  private static void awaitRolledOut(WebTestClient http, String version) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    AtomicReference<Object> seen = new AtomicReference<>();
    while (System.nanoTime() < deadline) {
      Map<?, ?> body = http.get().uri("/sync").exchange().expectStatus().isOk()
          .expectBody(Map.class).returnResult().getResponseBody();
      seen.set(body == null ? null : body.get("rolled_out"));
      if (version.equals(seen.get())) {
        return;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // polling, bounded by the deadline
    }
    throw new AssertionError(version + " not rolled out within 60 s; rolled_out is " + seen.get());
  }
}
