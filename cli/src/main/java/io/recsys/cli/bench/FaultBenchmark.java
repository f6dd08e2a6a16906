package io.recsys.cli.bench;

import static io.recsys.cli.bench.BenchRuntime.freePort;
import static io.recsys.cli.bench.BenchRuntime.jsonPost;
import static io.recsys.cli.bench.BenchRuntime.startDaemon;
import static io.recsys.recommender.bench.Latencies.round;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.gsasrec.bundle.ModelBundle;
import io.recsys.ingest.IngestApplication;
import io.recsys.ingest.dataset.Dataset;
import io.recsys.ingest.dataset.DatasetLocation;
import io.recsys.ingest.replay.DatasetReplay;
import io.recsys.kafka.EmbeddedKafkaBroker;
import io.recsys.recommender.bench.RecommenderProcess;
import io.recsys.schemas.TopicCreator;
import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.ModelVersion;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code bench faults}: the fault scenarios of the reliability issue against a live event
 * stream, each while events go in through the ingest API and queries go to the recommender:
 * the recommender killed with SIGKILL and restarted, the broker stopped and restarted, a
 * corrupt model announced, poison records on {@code ratings}, and a sync worker killed with
 * SIGKILL in the middle of a rollout and restarted. Afterwards every event the ingest API
 * accepted (202) must be in its user's history: the JSON reports events sent, accepted,
 * reflected and lost, queries sent and failed, and each scenario's recovery time. The broker
 * and ingest-service run in this JVM, the recommender and the sync worker in child JVMs. As in
 * the demo, the recommender puts a new model into service with the sync worker's snapshot of its
 * index, waiting {@link #SNAPSHOT_WAIT} for it; the worker builds local snapshots only, since no
 * Qdrant server is part of this benchmark.
 */
public final class FaultBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** How long the recommender waits for the sync worker's snapshot of a new model. */
  private static final Duration SNAPSHOT_WAIT = Duration.ofSeconds(30);

  /** HNSW first: its build is the longest, so a rollout lasts long enough to be interrupted. */
  private static final String SNAPSHOT_KINDS = "hnsw,flat,exact";

  private static final String CORRUPT_VERSION = "gsasrec-badbadbadbadbad0";

  /**
   * @param publish announces a bundle on model-versions of the given Kafka (the CLI's publisher)
   */
  public record Options(Path bundle, Path workDir, List<Long> movies, int users,
                        double eventsPerSecond, Duration timeout,
                        BiConsumer<Map<String, Object>, ModelBundle> publish) {
  }

  private record Event(long user, long movie, long timeMillis) {
  }

  private final Options options;
  private final PrintStream out;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<Long, Set<Event>> accepted = new ConcurrentHashMap<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acceptedCount = new AtomicLong();
  private final AtomicLong queries = new AtomicLong();
  private final QueryFailures failures;
  private final AtomicBoolean running = new AtomicBoolean(true);

  public FaultBenchmark(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
    this.failures = new QueryFailures(out);
  }

  public Map<String, Object> run() throws Exception {
    Path work = options.workDir();
    Files.createDirectories(work);
    int kafkaPort = freePort();
    int recommenderPort = freePort();
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(kafkaPort, work.resolve("kafka"));
    Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
    TopicCreator.createMissing(kafka, 0, (short) 1);
    new DatasetReplay(kafka, DatasetLocation.fromEnvironment(), out).publishCatalog(Dataset.ML_1M);
    ConfigurableApplicationContext ingest = IngestApplication.start(Map.of(
        IngestApplication.PORT, 0, IngestApplication.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
        "recsys.kafka.max-block", "1s", "recsys.kafka.request-timeout", "1s",
        "recsys.kafka.delivery-timeout", "2s"));
    String ingestUrl = "http://localhost:" + IngestApplication.port(ingest);
    Path recommenderLog = work.resolve("recommender.log");
    RecommenderProcess recommender = launchRecommender(broker, recommenderPort, recommenderLog);
    Map<String, Object> scenarios = new LinkedHashMap<>();
    Thread events = null;
    Thread load = null;
    try {
      recommender.awaitHealthy(options.timeout());
      out.println("faults: pipeline up; events at " + options.eventsPerSecond()
          + "/s and closed-loop queries from now on");
      events = startDaemon("fault-bench-events", () -> sendEvents(ingestUrl));
      String recommenderUrl = recommender.url(); // the same port after each restart
      load = startDaemon("fault-bench-queries", () -> query(recommenderUrl));
      Thread.sleep(10_000);

      long killedAt = System.nanoTime();
      recommender.kill();
      out.println("faults: recommender killed (SIGKILL); restarting it");
      recommender = launchRecommender(broker, recommenderPort, recommenderLog);
      recommender.awaitHealthy(options.timeout());
      scenarios.put("recommender_kill", scenario(seconds(killedAt)));
      Thread.sleep(5_000);

      long stoppedAt = System.nanoTime();
      broker.close();
      out.println("faults: broker stopped for 5 s");
      Thread.sleep(5_000);
      broker = EmbeddedKafkaBroker.start(kafkaPort, work.resolve("kafka"));
      long restartedAt = System.nanoTime();
      long before = acceptedCount.get();
      while (acceptedCount.get() == before && seconds(restartedAt) < options.timeout().toSeconds()) {
        Thread.sleep(50);
      }
      Map<String, Object> brokerRestart = scenario(seconds(restartedAt));
      brokerRestart.put("outage_s", round((restartedAt - stoppedAt) / 1e9));
      scenarios.put("broker_restart", brokerRestart);
      Thread.sleep(5_000);

      long corruptAt = System.nanoTime();
      announceCorruptModel(kafka, work.resolve("corrupt-bundle"));
      // no worker builds its snapshot: the recommender tries the bundle after the wait
      awaitLogged(recommenderLog, "Refused model " + CORRUPT_VERSION,
          SNAPSHOT_WAIT.plus(options.timeout()), "the recommender refusing the corrupt model");
      Map<String, Object> corrupt = scenario(0);
      corrupt.put("refused_after_s", round(seconds(corruptAt)));
      scenarios.put("corrupt_model", corrupt);

      long poisoned = poison(kafka, 100);
      scenarios.put("poison_records", scenario(0));
      out.printf("faults: %d poison records sent%n", poisoned);
      Thread.sleep(5_000);

      scenarios.put("sync_worker_kill_during_rollout",
          syncWorkerKill(broker.bootstrapServers(), recommender.url(), recommenderLog));
      Thread.sleep(2_000);
    } finally {
      running.set(false);
      if (events != null) {
        events.join();
      }
      if (load != null) {
        load.join();
      }
    }
    out.println("faults: load stopped; checking that every accepted event is in a history");
    long reflected = awaitReflected(recommender.url(), options.timeout());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("benchmark", "faults");
    result.put("events_sent", sent.get());
    result.put("events_accepted", acceptedCount.get());
    result.put("events_reflected", reflected);
    result.put("events_lost", acceptedCount.get() - reflected);
    result.put("queries", queries.get());
    result.put("queries_failed", failures.total());
    result.put("query_failures", failures.byReason());
    result.put("scenarios", scenarios);
    recommender.close();
    ingest.close();
    broker.close();
    return result;
  }

  private RecommenderProcess launchRecommender(EmbeddedKafkaBroker broker, int port, Path log)
      throws IOException {
    return RecommenderProcess.launch(broker.bootstrapServers(), options.bundle(),
        options.workDir().resolve("streams"), port, log, List.of(
            "recsys.recommender.snapshot-dir=" + snapshotDir(),
            "recsys.recommender.snapshot-wait=" + SNAPSHOT_WAIT.toSeconds() + "s"));
  }

  private Path snapshotDir() {
    return options.workDir().resolve("snapshots").toAbsolutePath();
  }

  /**
   * A new version of the served model (one weight nudged) announced to a running sync worker,
   * which is killed with SIGKILL as soon as its log shows the rollout started (its HNSW build
   * takes a few hundred ms, so before any snapshot is announced) and then started again. The
   * restarted worker must complete the rollout, the recommender must put the new version into
   * service with the worker's snapshot, and queries must not fail meanwhile. Recovery counts
   * from the kill to the first answer from the new version.
   */
  private Map<String, Object> syncWorkerKill(String bootstrapServers, String recommenderUrl,
                                             Path recommenderLog) throws Exception {
    Path work = options.workDir();
    ModelBundle next = ModelBundle.load(RolloutBenchmark.writeVariant(
        ModelBundle.load(options.bundle()), work.resolve("rollout-variant")));
    String version = next.modelVersion();
    String started = "rollout of model " + version + ":";
    String done = "rollout of model " + version + " done";
    Path firstLog = work.resolve("sync-worker-1.log");
    long failedBefore = failures.total();
    long killedAt;
    boolean midRollout;
    long announcedBeforeKill;
    try (SyncWorkerProcess worker = SyncWorkerProcess.launch(bootstrapServers, snapshotDir(),
        SNAPSHOT_KINDS, firstLog)) {
      worker.awaitHealthy(options.timeout());
      options.publish().accept(Map.of("bootstrap.servers", bootstrapServers), next);
      out.println("faults: model " + version + " announced to a sync worker; killing the worker"
          + " once its rollout starts");
      // a short worker log, read every 5 ms: the kill must land within the rollout
      awaitLogged(firstLog, started, options.timeout(), "the sync worker starting the rollout",
          Duration.ofMillis(5));
      worker.kill();
      killedAt = System.nanoTime();
      midRollout = !logContains(firstLog, done);
      announcedBeforeKill = countLines(firstLog, "announced snapshot", version);
    }
    out.printf("faults: sync worker killed %s; restarting it%n",
        midRollout ? "mid-rollout" : "after its rollout had finished");
    Path secondLog = work.resolve("sync-worker-2.log");
    try (SyncWorkerProcess restarted = SyncWorkerProcess.launch(bootstrapServers, snapshotDir(),
        SNAPSHOT_KINDS, secondLog)) {
      awaitLogged(secondLog, done, options.timeout(), "the restarted sync worker finishing the rollout");
      double finishedAfter = seconds(killedAt);
      String query = recommenderUrl + "/recommend_fast";
      long user = accepted.keySet().iterator().next();
      long deadline = System.nanoTime() + options.timeout().toNanos();
      while (!version.equals(RolloutBenchmark.query(http, query, user))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the recommender did not serve model " + version
              + " within " + options.timeout() + " of the restarted worker's rollout");
        }
        Thread.sleep(20);
      }
      Map<String, Object> s = scenario(seconds(killedAt));
      s.put("killed_mid_rollout", midRollout);
      s.put("snapshots_announced_before_kill", announcedBeforeKill);
      s.put("rollout_finished_after_kill_s", round(finishedAfter));
      s.put("served_with_worker_snapshot",
          countLines(recommenderLog, "Model " + version + " in service", " and ") > 0);
      s.put("queries_failed_during", failures.total() - failedBefore);
      return s;
    }
  }

  /** Polls the log every 200 ms until a line contains the text. */
  private static void awaitLogged(Path log, String text, Duration timeout, String what)
      throws IOException, InterruptedException {
    awaitLogged(log, text, timeout, what, Duration.ofMillis(200));
  }

  private static void awaitLogged(Path log, String text, Duration timeout, String what,
                                  Duration every) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!logContains(log, text)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not seen within " + timeout + ": " + what + " (\"" + text
            + "\" in " + log + ")");
      }
      Thread.sleep(every.toMillis());
    }
  }

  private static boolean logContains(Path log, String text) throws IOException {
    return countLines(log, text, "") > 0;
  }

  /** Lines of the log that contain both texts. */
  private static long countLines(Path log, String text, String alsoText) throws IOException {
    if (!Files.exists(log)) {
      return 0;
    }
    try (Stream<String> lines = Files.lines(log)) {
      return lines.filter(line -> line.contains(text) && line.contains(alsoText)).count();
    }
  }

  private Map<String, Object> scenario(double recoverySeconds) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("recovery_s", round(recoverySeconds));
    s.put("queries_failed_so_far", failures.total());
    s.put("events_accepted_so_far", acceptedCount.get());
    return s;
  }

  /** Steady batches of 10 through the ingest API; a refused batch is counted, not retried. */
  private void sendEvents(String ingestUrl) {
    SplittableRandom random = new SplittableRandom(11);
    long time = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    long intervalNanos = (long) (10 / options.eventsPerSecond() * 1e9);
    long next = System.nanoTime();
    while (running.get()) {
      List<Event> batch = new ArrayList<>();
      StringBuilder body = new StringBuilder("[");
      for (int i = 0; i < 10; i++) {
        Event e = new Event(1 + random.nextInt(options.users()),
            options.movies().get(random.nextInt(options.movies().size())), time++);
        batch.add(e);
        body.append(i == 0 ? "" : ",").append("{\"user_id\":").append(e.user())
            .append(",\"movie_id\":").append(e.movie()).append(",\"rating\":4.0,\"event_time\":\"")
            .append(Instant.ofEpochMilli(e.timeMillis())).append("\"}");
      }
      sent.addAndGet(batch.size());
      if (post(ingestUrl + "/ratings/batch", body.append("]").toString()) == 202) {
        acceptedCount.addAndGet(batch.size());
        batch.forEach(e -> accepted.computeIfAbsent(e.user(), u -> ConcurrentHashMap.newKeySet())
            .add(e));
      }
      next += intervalNanos;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        sleepNanos(wait);
      } else {
        next = System.nanoTime();
      }
    }
  }

  private void query(String recommenderUrl) {
    SplittableRandom random = new SplittableRandom(13);
    while (running.get()) {
      boolean answered;
      try {
        answered = failures.send(http, jsonPost(recommenderUrl + "/recommend_fast",
            "{\"user_id\":" + (1 + random.nextInt(options.users())) + ",\"k\":10}"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      queries.incrementAndGet();
      if (!answered) {
        sleepNanos(50_000_000L); // a down service refuses at once: do not spin
      }
    }
  }

  /** Every accepted event found in its user's history, once the histories stop growing. */
  private long awaitReflected(String recommenderUrl, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long reflected = countReflected(recommenderUrl);
      if (reflected == acceptedCount.get() || System.nanoTime() > deadline) {
        return reflected;
      }
      Thread.sleep(1_000);
    }
  }

  private long countReflected(String recommenderUrl) throws Exception {
    long found = 0;
    for (Map.Entry<Long, Set<Event>> user : accepted.entrySet()) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(recommenderUrl
          + "/users/" + user.getKey() + "/history")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        continue;
      }
      Set<Event> seen = new HashSet<>();
      for (JsonNode e : JSON.readTree(r.body()).path("events")) {
        seen.add(new Event(user.getKey(), e.path("movie_id").asLong(),
            Instant.parse(e.path("time").asText()).toEpochMilli()));
      }
      found += user.getValue().stream().filter(seen::contains).count();
    }
    return found;
  }

  /** An announcement whose bundle is broken: the recommender must refuse it and keep serving. */
  private void announceCorruptModel(Map<String, Object> kafka, Path dir) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("manifest.json"), "{\"model_version\": ");
    ModelBundle current = ModelBundle.load(options.bundle());
    try (KafkaProducer<String, ModelVersion> producer = new KafkaProducer<>(kafka,
        Topics.MODEL_VERSIONS.keySerde().serializer(),
        Topics.MODEL_VERSIONS.valueSerde().serializer())) {
      String version = CORRUPT_VERSION;
      producer.send(new ProducerRecord<>(Topics.MODEL_VERSIONS.name(), version, new ModelVersion(
          version, dir.toString(), current.config().numItems(), current.config().embeddingDim(),
          Instant.now(), Map.of()))).get();
    }
    out.println("faults: corrupt model announced");
  }

  private static long poison(Map<String, Object> kafka, int n) throws Exception {
    SplittableRandom random = new SplittableRandom(17);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka,
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < n; i++) {
        byte[] value = new byte[1 + random.nextInt(64)];
        for (int b = 0; b < value.length; b++) {
          value[b] = (byte) random.nextInt(256);
        }
        producer.send(new ProducerRecord<>(Topics.RATINGS.name(),
            Topics.RATINGS.keySerde().serializer().serialize(Topics.RATINGS.name(),
                (long) (1 + random.nextInt(1000))), value));
      }
      producer.flush();
    }
    return n;
  }

  private int post(String url, String body) {
    try {
      return http.send(jsonPost(url, body), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static void sleepNanos(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

}
