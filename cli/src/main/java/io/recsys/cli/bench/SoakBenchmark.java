package io.recsys.cli.bench;

import static io.recsys.cli.bench.BenchRuntime.freePort;
import static io.recsys.cli.bench.BenchRuntime.jsonPost;
import static io.recsys.cli.bench.BenchRuntime.startDaemon;
import static io.recsys.recommender.bench.Latencies.round;

import io.recsys.ingest.dataset.Dataset;
import io.recsys.ingest.dataset.DatasetLocation;
import io.recsys.ingest.replay.DatasetReplay;
import io.recsys.kafka.EmbeddedKafkaBroker;
import io.recsys.recommender.bench.RecommenderProcess;
import io.recsys.recommender.bench.UserSequences;
import io.recsys.schemas.TopicCreator;
import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.EventSource;
import io.recsys.schemas.avro.RatingEvent;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code bench soak}: the recommender (its own JVM, the shipped model) under a steady event
 * rate and query load for a while; samples its resident memory, live threads, heap after GC and
 * GC pauses every 10 s, and reports the growth between the end of the warm-up and the end.
 */
public final class SoakBenchmark {

  /**
   * @param recommenderSettings {@code name=value} settings for the recommender, e.g. its RocksDB
   *     budget
   */
  public record Options(Path bundle, Path workDir, UserSequences data, double eventsPerSecond,
                        int queryClients, Duration duration, Duration warmup,
                        List<String> recommenderSettings) {
  }

  /** One reading of the recommender process. */
  record Sample(double minutes, double rssMb, long threads, double liveHeapMb, double gcPauseS,
                long gcPauses, double rocksDbMb) {
  }

  private static final Pattern METRIC = Pattern.compile("^([a-z_]+)(\\{[^}]*\\})? ([0-9.eE+-]+)$");

  private final Options options;
  private final PrintStream out;
  private final QueryFailures failures;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong queries = new AtomicLong();

  public SoakBenchmark(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
    this.failures = new QueryFailures(out);
  }

  public Map<String, Object> run() throws Exception {
    Files.createDirectories(options.workDir());
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, options.workDir().resolve("kafka"));
    Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
    TopicCreator.createMissing(kafka, 0, (short) 1);
    new DatasetReplay(kafka, DatasetLocation.fromEnvironment(), out).publishCatalog(Dataset.ML_1M);
    RecommenderProcess recommender = RecommenderProcess.launch(broker.bootstrapServers(),
        options.bundle(), options.workDir().resolve("streams"), freePort(),
        options.workDir().resolve("recommender.log"), options.recommenderSettings());
    List<Sample> samples = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    try {
      recommender.awaitHealthy(Duration.ofMinutes(2));
      threads.add(startDaemon("soak-events", () -> sendEvents(kafka)));
      for (int c = 0; c < options.queryClients(); c++) {
        int seed = c;
        threads.add(startDaemon("soak-queries-" + c, () -> query(recommender.url(), seed)));
      }
      long startNanos = System.nanoTime();
      long end = startNanos + options.duration().toNanos();
      while (System.nanoTime() < end) {
        Thread.sleep(10_000);
        Sample s = sample(recommender, (System.nanoTime() - startNanos) / 60e9);
        samples.add(s);
        out.printf("soak: %.1f min, RSS %.0f MB (RocksDB %.0f MB), %d threads, live heap %.0f MB,"
                + " GC %d pauses %.2f s, %d events, %d queries (%d failed)%n", s.minutes(),
            s.rssMb(), s.rocksDbMb(), s.threads(), s.liveHeapMb(), s.gcPauses(), s.gcPauseS(),
            events.get(), queries.get(), failures.total());
      }
    } finally {
      running.set(false);
      for (Thread t : threads) {
        t.join();
      }
      recommender.close();
      broker.close();
    }
    return result(samples);
  }

  private Map<String, Object> result(List<Sample> samples) {
    double warmupMinutes = options.warmup().toSeconds() / 60.0;
    Sample first = samples.stream().filter(s -> s.minutes() >= warmupMinutes).findFirst()
        .orElse(samples.get(0));
    Sample last = samples.get(samples.size() - 1);
    double maxPause = 0;
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("benchmark", "soak");
    r.put("minutes", round(last.minutes()));
    r.put("events", events.get());
    r.put("events_per_s", round(events.get() / (last.minutes() * 60)));
    r.put("queries", queries.get());
    r.put("queries_failed", failures.total());
    r.put("query_failures", failures.byReason());
    r.put("rss_mb_after_warmup", round(first.rssMb()));
    r.put("rss_mb_end", round(last.rssMb()));
    r.put("rss_mb_max", round(samples.stream().mapToDouble(Sample::rssMb).max().orElse(0)));
    r.put("rss_growth_mb", round(last.rssMb() - first.rssMb()));
    // the stores' block cache and memtables, bounded by recsys.recommender.rocksdb-memory
    r.put("rocksdb_mb_after_warmup", round(first.rocksDbMb()));
    r.put("rocksdb_mb_end", round(last.rocksDbMb()));
    r.put("live_heap_mb_after_warmup", round(first.liveHeapMb()));
    r.put("live_heap_mb_end", round(last.liveHeapMb()));
    r.put("threads_after_warmup", first.threads());
    r.put("threads_end", last.threads());
    r.put("gc_pauses", last.gcPauses());
    r.put("gc_pause_total_s", round(last.gcPauseS()));
    r.put("gc_pause_mean_ms", last.gcPauses() == 0 ? 0 : round(1000 * last.gcPauseS()
        / last.gcPauses()));
    r.put("warmup_minutes", round(warmupMinutes));
    return r;
  }

  private Sample sample(RecommenderProcess recommender, double minutes) throws Exception {
    double rssMb = 0;
    long threads = 0;
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(recommender.pid()),
        "status"))) {
      if (line.startsWith("VmRSS:")) {
        rssMb = Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
      } else if (line.startsWith("Threads:")) {
        threads = Long.parseLong(line.replaceAll("\\D+", ""));
      }
    }
    Map<String, Double> metrics = prometheus(recommender.url());
    return new Sample(minutes, rssMb, threads,
        metrics.getOrDefault("jvm_gc_live_data_size_bytes", 0.0) / (1024 * 1024),
        metrics.getOrDefault("jvm_gc_pause_seconds_sum", 0.0),
        Math.round(metrics.getOrDefault("jvm_gc_pause_seconds_count", 0.0)),
        metrics.getOrDefault("recsys_rocksdb_memory_bytes", 0.0) / (1024 * 1024));
  }

  /** Sums each metric over its label sets. */
  private Map<String, Double> prometheus(String url) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url
        + "/actuator/prometheus")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    Map<String, Double> sums = new LinkedHashMap<>();
    for (String line : r.body().split("\n")) {
      Matcher m = METRIC.matcher(line);
      if (m.matches()) {
        sums.merge(m.group(1), Double.parseDouble(m.group(3)), Double::sum);
      }
    }
    return sums;
  }

  /** ML-1M users' own sequences, round after round with fresh event ids, at a steady rate. */
  private void sendEvents(Map<String, Object> kafka) {
    List<UserSequences.Step> order = options.data().replayOrder();
    long intervalNanos = (long) (1e9 / options.eventsPerSecond());
    long next = System.nanoTime();
    long time = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    try (KafkaProducer<Long, RatingEvent> producer = new KafkaProducer<>(kafka,
        Topics.RATINGS.keySerde().serializer(), Topics.RATINGS.valueSerde().serializer())) {
      for (long n = 0; running.get(); n++) {
        UserSequences.Step step = order.get((int) (n % order.size()));
        producer.send(new ProducerRecord<>(Topics.RATINGS.name(), step.userId(), new RatingEvent(
            "soak-" + n, step.userId(), step.movieId(), 4.0f, Instant.ofEpochMilli(time + n),
            EventSource.KAFKA)));
        events.incrementAndGet();
        next += intervalNanos;
        long wait = next - System.nanoTime();
        if (wait > 1_000_000) {
          Thread.sleep(wait / 1_000_000);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void query(String url, int seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] users = options.data().userIds();
    while (running.get()) {
      try {
        failures.send(http, jsonPost(url + "/recommend_fast",
            "{\"user_id\":" + users[random.nextInt(users.length)] + ",\"k\":10}"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      queries.incrementAndGet();
    }
  }

}
