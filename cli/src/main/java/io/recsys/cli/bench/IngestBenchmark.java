package io.recsys.cli.bench;

import io.recsys.ingest.IngestApplication;
import io.recsys.ingest.dataset.Dataset;
import io.recsys.ingest.dataset.DatasetLocation;
import io.recsys.ingest.dataset.Rating;
import io.recsys.ingest.replay.DatasetReplay;
import io.recsys.ingest.replay.ProgressMeter;
import io.recsys.kafka.EmbeddedKafkaBroker;
import io.recsys.schemas.TopicCreator;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.web.context.WebServerApplicationContext;

/**
 * Measures ingestion on a real embedded broker: ML-1M events posted in JSON batches to
 * {@code /ratings/batch} by concurrent clients (each 202 means durably in Kafka), then the
 * ml-latest-small replay straight to Kafka.
 */
public final class IngestBenchmark {

  private final int events;
  private final int batchSize;
  private final int clients;
  private final PrintStream out;

  public IngestBenchmark(int events, int batchSize, int clients, PrintStream out) {
    this.events = events;
    this.batchSize = batchSize;
    this.clients = clients;
    this.out = out;
  }

  public Map<String, Object> run() throws Exception {
    Map<String, Object> result = new LinkedHashMap<>();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, null)) {
      Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
      TopicCreator.createMissing(kafka, 0, (short) 1);
      List<byte[]> bodies = batches(DatasetLocation.fromEnvironment());
      var app = IngestApplication.start(Map.of("server.port", 0,
          "recsys.kafka.bootstrap-servers", broker.bootstrapServers()));
      try {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        URI uri = URI.create("http://localhost:" + port + "/ratings/batch");
        int warmup = warmupBatches();
        post(uri, bodies.subList(0, warmup), "warm-up");
        Load load = post(uri, bodies.subList(warmup, bodies.size()), "POST /ratings/batch");
        result.put("batch_events_per_s", Math.round(load.events / load.seconds));
        result.put("batch_size", batchSize);
        result.put("batch_clients", clients);
        result.put("batch_events", load.events);
        result.put("batch_errors", load.errors);
      } finally {
        app.close();
      }
      DatasetReplay replay = new DatasetReplay(kafka, DatasetLocation.fromEnvironment(), out);
      DatasetReplay.Result r = replay.run(
          new DatasetReplay.Options(Dataset.ML_LATEST_SMALL, 0, 0, false));
      result.put("replay_events_per_s", Math.round(r.eventsPerSecond()));
      result.put("replay_events", r.events());
    }
    result.put("cores", Runtime.getRuntime().availableProcessors());
    return result;
  }

  private record Load(long events, long errors, double seconds) {
  }

  private Load post(URI uri, List<byte[]> bodies, String label) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    ProgressMeter progress = new ProgressMeter(label, (long) bodies.size() * batchSize, out);
    AtomicInteger next = new AtomicInteger();
    AtomicLong accepted = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        workers.add(pool.submit(() -> {
          for (int i; (i = next.getAndIncrement()) < bodies.size(); ) {
            HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i))).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 202) {
              accepted.addAndGet(batchSize);
            } else {
              errors.incrementAndGet();
              out.println("HTTP " + response.statusCode() + ": " + response.body());
            }
            progress.advance(batchSize);
          }
          return null;
        }));
      }
      for (Future<?> w : workers) {
        w.get();
      }
    } finally {
      pool.shutdown();
    }
    double seconds = progress.finish();
    return new Load(accepted.get(), errors.get(), seconds);
  }

  private int warmupBatches() {
    return Math.max(clients, events / batchSize / 10);
  }

  /** JSON bodies of ML-1M events, prepared up front so the clients only send. */
  private List<byte[]> batches(DatasetLocation location) {
    List<Rating> source = Dataset.ML_1M.events(location, 0);
    int total = (events / batchSize) + warmupBatches();
    List<byte[]> bodies = new ArrayList<>(total);
    Instant now = Instant.now();
    int cursor = 0;
    for (int b = 0; b < total; b++) {
      StringBuilder json = new StringBuilder(batchSize * 90).append('[');
      for (int i = 0; i < batchSize; i++) {
        Rating r = source.get(cursor++ % source.size());
        if (i > 0) {
          json.append(',');
        }
        json.append("{\"user_id\":").append(r.userId()).append(",\"movie_id\":").append(r.movieId())
            .append(",\"rating\":").append(1 + (cursor % 9) * 0.5)
            .append(",\"event_time\":\"").append(now).append("\"}");
      }
      bodies.add(json.append(']').toString().getBytes(StandardCharsets.UTF_8));
    }
    return bodies;
  }
}
