package io.recsys.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.kafka.EmbeddedKafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A quick local measurement of batch throughput (not part of the suite): broker, service and
 * load generator share this JVM and the machine's cores. Run with
 * {@code ./mvnw -pl ingest-service test -Dtest=IngestThroughputBench -Drecsys.bench=true}.
 */
@EnabledIfSystemProperty(named = "recsys.bench", matches = "true")
class IngestThroughputBench {

  @Test
  void batchesOf1000() throws Exception {
    int batchSize = Integer.getInteger("bench.batch", 1000);
    int batches = Integer.getInteger("bench.batches", 300);
    int concurrency = Integer.getInteger("bench.concurrency", 4);
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, null);
         ConfigurableApplicationContext app = IngestApplication.start(0,
             broker.bootstrapServers())) {
      URI uri = URI.create("http://localhost:" + IngestApplication.port(app) + "/ratings/batch");
      List<String> bodies = new ArrayList<>();
      for (int b = 0; b < 50; b++) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < batchSize; i++) {
          json.append(i == 0 ? "" : ",").append("{\"user_id\":").append(1 + (b * 7919L + i) % 6040)
              .append(",\"movie_id\":").append(1 + i % 3706).append(",\"rating\":")
              .append(0.5 * (1 + i % 10)).append("}");
        }
        bodies.add(json.append("]").toString());
      }
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      run(http, uri, bodies, 30, concurrency); // warm-up
      long start = System.nanoTime();
      run(http, uri, bodies, batches, concurrency);
      double seconds = (System.nanoTime() - start) / 1e9;
      double rate = batches * (double) batchSize / seconds;
      System.out.printf("BENCH ingest: %d batches x %d events, concurrency %d: %.1f s, %.0f "
          + "events/s%n", batches, batchSize, concurrency, seconds, rate);
      System.out.println("{\"bench\":\"ingest-batch\",\"events_per_second\":" + Math.round(rate)
          + ",\"batch_size\":" + batchSize + ",\"concurrency\":" + concurrency + "}");
    }
  }

  private static void run(HttpClient http, URI uri, List<String> bodies, int batches,
                          int concurrency) throws Exception {
    Semaphore slots = new Semaphore(concurrency);
    List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
    for (int i = 0; i < batches; i++) {
      slots.acquire();
      HttpRequest request = HttpRequest.newBuilder(uri)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i % bodies.size()))).build();
      all.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .whenComplete((r, e) -> slots.release()));
    }
    for (CompletableFuture<HttpResponse<String>> f : all) {
      assertThat(f.get().statusCode()).as(f.get().body()).isEqualTo(202);
    }
  }
}
