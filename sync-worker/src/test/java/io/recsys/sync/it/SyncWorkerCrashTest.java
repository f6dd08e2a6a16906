package io.recsys.sync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.qdrant.client.QdrantClient;
import io.recsys.index.IndexConfig;
import io.recsys.index.IndexKind;
import io.recsys.index.SnapshotExpectation;
import io.recsys.index.VectorIndex;
import io.recsys.index.VectorIndexFactory;
import io.recsys.index.faiss.FaissLibrary;
import io.recsys.index.filter.FilterSpec;
import io.recsys.kafka.EmbeddedKafkaBroker;
import io.recsys.qdrant.CollectionNaming;
import io.recsys.qdrant.QdrantEndpoint;
import io.recsys.qdrant.QdrantItemSearch;
import io.recsys.qdrant.standin.QdrantStandIn;
import io.recsys.schemas.TopicCreator;
import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.ModelVersion;
import io.recsys.sync.SyncWorkerApplication;
import io.recsys.sync.TestBundles;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sync worker, in a JVM of its own, killed with SIGKILL in the middle of a rollout: of a
 * Qdrant rollout (against the Qdrant stand-in, which records every alias change with the point
 * count of its target), where the alias stays on the complete old collection, queries on it
 * never fail, and the restarted worker completes the rollout; and of a snapshot build, where
 * nothing is announced before the files are complete and the restarted worker announces
 * snapshots that load.
 */
@Tag("slow")
class SyncWorkerCrashTest {

  private static final int ITEMS = 2_000;
  private static final int BATCH = 20;
  private static final String ALIAS = "items";

  @TempDir
  Path work;

  private EmbeddedKafkaBroker broker;
  private QdrantStandIn qdrant;
  private Process worker;
  private Path log;

  @BeforeEach
  void start() throws Exception {
    broker = EmbeddedKafkaBroker.start(0, null);
    TopicCreator.createMissing(Map.of("bootstrap.servers", broker.bootstrapServers()), 2,
        (short) 1);
    qdrant = QdrantStandIn.start();
    log = work.resolve("sync-worker.log");
  }

  @AfterEach
  void stop() throws Exception {
    if (worker != null) {
      worker.destroyForcibly().waitFor();
    }
    qdrant.close();
    broker.close();
  }

  @Test
  void aWorkerKilledMidRolloutLeavesTheAliasOnACompleteCollectionAndItsRestartFinishes()
      throws Exception {
    CollectionNaming naming = new CollectionNaming(ALIAS);
    Path v1 = TestBundles.synthetic(work.resolve("v1"), ITEMS, 8, 1);
    Path v2 = TestBundles.synthetic(work.resolve("v2"), ITEMS, 8, 2);
    String first = naming.collectionFor(TestBundles.versionOf(v1));
    String second = naming.collectionFor(TestBundles.versionOf(v2));

    publish(v1, Instant.parse("2026-12-01T00:00:00Z"));
    worker = launchWorker(true, "exact", log);
    await("model 1 behind the alias", () -> first.equals(qdrant.aliasTarget(ALIAS)));

    AtomicBoolean querying = new AtomicBoolean(true);
    AtomicInteger queries = new AtomicInteger();
    List<String> failures = new ArrayList<>();
    Thread load = new Thread(() -> queryUntilStopped(querying, queries, failures), "alias-queries");
    load.start();

    qdrant.setUpsertDelay(Duration.ofMillis(40)); // 100 batches: about 4 s for a rollout
    publish(v2, Instant.parse("2026-12-02T00:00:00Z"));
    await("model 2 partly upserted", () -> qdrant.count(second) >= ITEMS * 3 / 10);
    worker.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no last request
    long partial = qdrant.count(second);
    assertThat(partial).as("points of model 2 when the worker died").isBetween(1L, ITEMS - 1L);
    assertThat(qdrant.aliasTarget(ALIAS)).isEqualTo(first);

    qdrant.setUpsertDelay(Duration.ofMillis(2));
    worker = launchWorker(true, "exact", log);
    await("model 2 behind the alias", () -> second.equals(qdrant.aliasTarget(ALIAS)));
    Thread.sleep(500); // a few queries on the new collection too
    querying.set(false);
    load.join();

    assertThat(qdrant.count(second)).isEqualTo(ITEMS);
    assertThat(qdrant.aliasChanges()).as("every alias change, with its target's points")
        .extracting(QdrantStandIn.AliasChange::pointsInCollection).containsOnly((long) ITEMS);
    assertThat(qdrant.aliasChanges()).extracting(QdrantStandIn.AliasChange::collection)
        .containsExactly(first, second);
    assertThat(failures).as("failed queries on the alias").isEmpty();
    assertThat(queries.get()).isPositive();
  }

  @Test
  void aWorkerKilledWhileBuildingSnapshotsAnnouncesNothingAndItsRestartAnnouncesCompleteOnes()
      throws Exception {
    Assumptions.assumeTrue(FaissLibrary.isAvailable(),
        "HNSW snapshots need the FAISS library: " + FaissLibrary.unavailableReason());
    // large enough that the HNSW build takes a while: the kill lands inside it
    Path bundle = TestBundles.synthetic(work.resolve("large"), 30_000, 32, 3);
    String version = TestBundles.versionOf(bundle);
    String started = "rollout of model " + version + ":";
    String done = "rollout of model " + version + " done";
    Path firstLog = work.resolve("sync-worker-1.log");
    publish(bundle, Instant.parse("2026-12-03T00:00:00Z"), 30_000, 32);
    worker = launchWorker(false, "hnsw,exact", firstLog);
    await("the rollout started", () -> !logLines(firstLog, started).isEmpty(), firstLog);
    worker.destroyForcibly().waitFor();
    assertThat(logLines(firstLog, done)).as("killed before the rollout finished").isEmpty();
    assertThat(logLines(firstLog, "announced snapshot")).as("announced before the kill").isEmpty();

    Path secondLog = work.resolve("sync-worker-2.log");
    worker = launchWorker(false, "hnsw,exact", secondLog);
    await("the restarted worker finished the rollout", () -> !logLines(secondLog, done).isEmpty(),
        secondLog);
    List<String> announced = logLines(secondLog, "announced snapshot");
    assertThat(announced).hasSize(2);
    for (String line : announced) {
      Path file = Path.of(line.substring(line.lastIndexOf(": ") + 2).trim());
      try (VectorIndex index = new VectorIndexFactory(IndexConfig.defaults(IndexKind.EXACT))
          .load(file, SnapshotExpectation.any().withModelVersion(version))) {
        assertThat(index.size()).as(file.toString()).isEqualTo(30_000);
      }
    }
  }

  private static List<String> logLines(Path log, String text) throws IOException {
    if (!Files.exists(log)) {
      return List.of();
    }
    try (var lines = Files.lines(log)) {
      return lines.filter(line -> line.contains(text)).toList();
    }
  }

  private void queryUntilStopped(AtomicBoolean querying, AtomicInteger queries,
                                 List<String> failures) {
    try (QdrantClient client = QdrantEndpoint.connect(qdrant.url(), null,
        Duration.ofSeconds(5))) {
      QdrantItemSearch search = new QdrantItemSearch(client, true, Duration.ofSeconds(5));
      float[] user = {1, 0.5f, -0.25f, 0, 0.75f, -1, 0.1f, 0.2f};
      while (querying.get()) {
        try {
          int found = search.search(ALIAS, user, 10, FilterSpec.none()).size();
          if (found != 10) {
            failures.add(found + " results");
          }
        } catch (QdrantItemSearch.QdrantUnavailableException e) {
          failures.add(e.getMessage());
        }
        queries.incrementAndGet();
      }
    }
  }

  private void publish(Path bundle, Instant createdAt) throws Exception {
    publish(bundle, createdAt, ITEMS, 8);
  }

  private void publish(Path bundle, Instant createdAt, int items, int dimension) throws Exception {
    String version = TestBundles.versionOf(bundle);
    try (KafkaProducer<String, ModelVersion> producer = new KafkaProducer<>(
        Map.of("bootstrap.servers", broker.bootstrapServers()),
        Topics.MODEL_VERSIONS.keySerde().serializer(),
        Topics.MODEL_VERSIONS.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(Topics.MODEL_VERSIONS.name(), version,
          ModelVersion.newBuilder().setModelId(version).setBundlePath(bundle.toString())
              .setNumItems(items).setDimension(dimension).setCreatedAt(createdAt).build())).get();
    }
  }

  private Process launchWorker(boolean withQdrant, String kinds, Path log) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-Xmx512m",
        "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.recsys.schemas.avro",
        "-cp", System.getProperty("java.class.path"), SyncWorkerApplication.class.getName(),
        "--server.port=" + port,
        "--" + SyncWorkerApplication.BOOTSTRAP_SERVERS + "=" + broker.bootstrapServers(),
        "--" + SyncWorkerApplication.SNAPSHOT_DIR + "=" + work.resolve("snapshots"),
        "--recsys.sync.kinds=" + kinds,
        "--recsys.sync.metadata-wait=1s",
        "--" + SyncWorkerApplication.QDRANT_ENABLED + "=" + withQdrant,
        "--" + SyncWorkerApplication.QDRANT_URL + "=" + qdrant.url(),
        "--recsys.sync.qdrant.alias=" + ALIAS,
        "--recsys.sync.qdrant.batch-size=" + BATCH));
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
  }

  private void await(String what, BooleanSupplier condition) throws Exception {
    await(what, condition::getAsBoolean, log);
  }

  private interface Check {
    boolean holds() throws IOException;
  }

  private void await(String what, Check condition, Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline || !worker.isAlive()) {
        String tail = Files.exists(log) ? String.join("\n", Files.readAllLines(log).stream()
            .skip(Math.max(0, Files.readAllLines(log).size() - 40)).toList()) : "(no log)";
        throw new AssertionError("not reached: " + what + (worker.isAlive() ? " within 90 s"
            : "; the worker exited with " + worker.exitValue()) + ". Worker log:\n" + tail);
      }
      Thread.sleep(50);
    }
  }
}
