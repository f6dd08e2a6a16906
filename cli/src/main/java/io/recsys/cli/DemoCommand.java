package io.recsys.cli;

import io.recsys.gsasrec.bundle.ModelBundle;
import io.recsys.ingest.IngestApplication;
import io.recsys.ingest.dataset.Dataset;
import io.recsys.ingest.dataset.DatasetLocation;
import io.recsys.ingest.replay.DatasetReplay;
import io.recsys.kafka.EmbeddedKafkaBroker;
import io.recsys.recommender.RecommenderApplication;
import io.recsys.schemas.TopicCreator;
import io.recsys.sync.SyncWorkerApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedDeque;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code recsys demo}: everything on one machine in this JVM. An embedded KRaft broker, the
 * ingest-service, the recommender-service (Kafka Streams + gSASRec + query API) on the shipped
 * model and the sync worker (which builds the model's index snapshots, and fills Qdrant when one
 * is configured), the catalogue loaded, and a replay of real ratings in the background so that
 * recommendations exist within seconds. Ctrl-C stops everything; a second start reuses the data
 * directory and does not replay a dataset it already replayed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Start everything on this machine: an embedded Kafka broker, the services on the"
        + " shipped model, and a replay of real ratings. Ctrl-C stops it all; a second start reuses"
        + " the data directory.")
final class DemoCommand implements Callable<Integer> {

  private static final String API_KEYS = "recsys.security.api-keys";

  @Option(names = "--data-dir", defaultValue = "var/demo",
      description = "Where the broker and services keep their data (default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--kafka-port", defaultValue = "9092", description = "Default ${DEFAULT-VALUE}.")
  int kafkaPort;

  @Option(names = "--ingest-port", defaultValue = "8081", description = "Default ${DEFAULT-VALUE}.")
  int ingestPort;

  @Option(names = "--recommender-port", defaultValue = "8080", description = "Default ${DEFAULT-VALUE}.")
  int recommenderPort;

  @Option(names = "--sync-port", defaultValue = "8082", description = "Default ${DEFAULT-VALUE}.")
  int syncPort;

  @Option(names = "--qdrant-url", defaultValue = "${env:QDRANT_URL}", paramLabel = "URL",
      description = "Qdrant gRPC endpoint for the sync worker (default: $QDRANT_URL; without one the"
          + " worker builds only the local index snapshots).")
  String qdrantUrl;

  @Mixin
  ModelOptions model;

  @Option(names = "--replay", defaultValue = "ml-latest-small",
      description = "Dataset replayed at start: ml-latest-small (real ratings), ml-1m, or none"
          + " (default ${DEFAULT-VALUE}).")
  String replay;

  @Option(names = "--rate", defaultValue = "0", paramLabel = "EVENTS_PER_S",
      description = "Pace of that replay; 0 means as fast as the pipeline takes them.")
  double rate;

  @Option(names = "--api-key", defaultValue = "${env:RECSYS_API_KEY}", paramLabel = "KEY",
      description = "Key the write endpoints require (default: $RECSYS_API_KEY, else one generated"
          + " at the first start and kept in the data directory).")
  String apiKey;

  @Option(names = "--no-api-key",
      description = "Leave every endpoint open, as the Python prototype did.")
  boolean open;

  @Override
  public Integer call() throws Exception {
    Path bundle = model.bundle().toAbsolutePath();
    if (!Files.isRegularFile(bundle.resolve("manifest.json"))) {
      System.err.println("No model bundle at " + bundle + ". The repository ships one in models/ml-1m;"
          + " make one with ./recsys train --output " + model.bundle() + " or pass --model DIR.");
      return 2;
    }
    Deque<AutoCloseable> running = new ConcurrentLinkedDeque<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(running), "demo-shutdown"));

    step("Starting the embedded Kafka broker (data in " + dataDir.resolve("kafka") + ")");
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(kafkaPort, dataDir.resolve("kafka"));
    running.push(broker);
    Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
    var created = TopicCreator.createMissing(kafka, 0, (short) 1);
    if (!created.isEmpty()) {
      System.out.println("  created topics " + created);
    }

    String key = open ? null : DemoApiKey.resolve(apiKey, dataDir);
    Map<String, Object> security = key == null ? Map.of() : Map.of(API_KEYS, key);

    step("Starting ingest-service on port " + ingestPort);
    Map<String, Object> ingest = new HashMap<>(security);
    ingest.put(IngestApplication.PORT, ingestPort);
    ingest.put(IngestApplication.BOOTSTRAP_SERVERS, broker.bootstrapServers());
    running.push(IngestApplication.start(ingest)::close);

    step("Starting recommender-service on port " + recommenderPort + " with model " + bundle);
    Map<String, Object> recommender = new HashMap<>(security);
    recommender.put(RecommenderApplication.PORT, recommenderPort);
    recommender.put(RecommenderApplication.BOOTSTRAP_SERVERS, broker.bootstrapServers());
    recommender.put(RecommenderApplication.MODEL_DIR, bundle.toString());
    recommender.put("recsys.recommender.ingest-url", "http://localhost:" + ingestPort);
    recommender.put("recsys.recommender.state-dir",
        dataDir.resolve("streams").toAbsolutePath().toString());
    // new models wait for the sync worker's snapshot of their index (it builds exact and flat)
    String snapshots = dataDir.resolve("snapshots").toAbsolutePath().toString();
    recommender.put("recsys.recommender.snapshot-dir", snapshots);
    if (qdrantUrl != null) {
      // filtered queries from Qdrant, with the local index as the fallback
      recommender.put("recsys.recommender.qdrant.enabled", true);
      recommender.put("recsys.recommender.qdrant.url", qdrantUrl);
    }
    running.push(RecommenderApplication.start(recommender)::close);

    step("Starting sync-worker on port " + syncPort + (qdrantUrl == null ? " (no Qdrant configured:"
        + " local snapshots only)" : " with Qdrant at " + qdrantUrl));
    Map<String, Object> sync = new HashMap<>(security);
    sync.put(SyncWorkerApplication.PORT, syncPort);
    sync.put(SyncWorkerApplication.BOOTSTRAP_SERVERS, broker.bootstrapServers());
    sync.put(SyncWorkerApplication.SNAPSHOT_DIR, snapshots);
    sync.put("recsys.sync.kinds", "exact,flat");
    sync.put(SyncWorkerApplication.QDRANT_ENABLED, qdrantUrl != null);
    if (qdrantUrl != null) {
      sync.put(SyncWorkerApplication.QDRANT_URL, qdrantUrl);
    }
    running.push(SyncWorkerApplication.start(sync)::close);
    ModelPublisher.publish(kafka, ModelBundle.load(bundle));

    printUrls(broker.bootstrapServers(), key);
    startReplay(kafka);
    Thread.currentThread().join();
    return 0;
  }

  /**
   * The ML-1M catalogue first (the model's items), then the chosen dataset, on a background
   * thread so the services answer while it runs. A marker file makes a restart skip it.
   */
  private void startReplay(Map<String, Object> kafka) throws IOException {
    if ("none".equals(replay)) {
      return;
    }
    Dataset dataset = Dataset.byName(replay);
    Path marker = dataDir.resolve("replayed-" + dataset.cliName());
    if (Files.exists(marker)) {
      System.out.println("(" + dataset.cliName() + " was replayed by an earlier start; its events are"
          + " in Kafka already. Delete " + marker + " to replay again.)");
      return;
    }
    Files.createDirectories(dataDir);
    Thread thread = new Thread(() -> {
      DatasetReplay replayer = new DatasetReplay(kafka, DatasetLocation.fromEnvironment(), System.out);
      try {
        replayer.publishCatalog(Dataset.ML_1M);
        DatasetReplay.Result result = replayer.run(new DatasetReplay.Options(dataset, rate, 0, true));
        Files.writeString(marker, result.events() + " events\n");
        System.out.printf("replay done: %,d events in %.1f s; recommendations are live at %s%n",
            result.events(), result.seconds(), "http://localhost:" + recommenderPort + "/");
      } catch (Exception e) {
        System.err.println("replay failed: " + e.getMessage());
      }
    }, "demo-replay");
    thread.setDaemon(true);
    thread.start();
  }

  private void printUrls(String bootstrap, String key) {
    String rec = "http://localhost:" + recommenderPort;
    String ing = "http://localhost:" + ingestPort;
    System.out.println();
    System.out.println("recsys demo is running. Ctrl-C stops it.");
    // the key travels in the fragment, which browsers never send to a server or log
    System.out.println("  Web console           " + rec + "/" + (key == null ? ""
        : "#api_key=" + key));
    if (key != null) {
      System.out.println("  API key (writes)      " + key + "   send it as -H 'X-API-Key: "
          + key + "'; --no-api-key leaves the endpoints open");
    }
    System.out.println("  Recommend             curl -s -XPOST " + rec
        + "/recommend_fast -H 'Content-Type: application/json' -d '{\"user_id\": 1, \"k\": 10}'");
    System.out.println("  Recommender OpenAPI   " + rec + "/swagger-ui.html");
    System.out.println("  Recommender health    " + rec + "/health   stats " + rec + "/stats");
    System.out.println("  Sync worker           http://localhost:" + syncPort + "/sync   (POST to reconcile now)");
    System.out.println("  Ingest API            " + ing + "/ratings   (OpenAPI " + ing + "/swagger-ui.html)");
    System.out.println("  Prometheus metrics    " + rec + "/actuator/prometheus  " + ing + "/actuator/prometheus");
    System.out.println("  Kafka                 " + bootstrap);
    System.out.println();
  }

  private static void step(String what) {
    System.out.println(what + " ...");
  }

  private static void stopAll(Deque<AutoCloseable> running) {
    while (!running.isEmpty()) {
      try {
        running.pop().close();
      } catch (Exception e) {
        System.err.println("While stopping: " + e);
      }
    }
  }
}
