package io.recsys.recommender.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.kafka.EmbeddedKafkaBroker;
import io.recsys.recommender.RecommenderApplication;
import io.recsys.recommender.e2e.ReferenceBundle;
import io.recsys.schemas.TopicCreator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The three pipeline benchmarks at toy sizes against a real service on an embedded broker:
 * they run, print progress and return their JSON keys. Their figures here mean nothing.
 */
@Tag("slow")
class BenchmarksSmokeTest {

  private static EmbeddedKafkaBroker broker;
  private static ConfigurableApplicationContext app;
  private static Map<String, Object> kafka;
  private static UserSequences data;

  @BeforeAll
  static void start() throws Exception {
    Path work = Files.createTempDirectory("recommender-bench");
    broker = EmbeddedKafkaBroker.start(0, null);
    kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
    TopicCreator.createMissing(kafka, 2, (short) 1);
    app = RecommenderApplication.start(Map.of(
        RecommenderApplication.PORT, 0,
        RecommenderApplication.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
        RecommenderApplication.MODEL_DIR, ReferenceBundle.write(work.resolve("bundle")).toString(),
        "recsys.recommender.state-dir", work.resolve("streams").toString()));
    data = syntheticUsers(20);
    awaitRunning();
  }

  private static void awaitRunning() throws Exception {
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    java.net.URI health = java.net.URI.create("http://localhost:"
        + RecommenderApplication.port(app) + "/health");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (client.send(java.net.http.HttpRequest.newBuilder(health).build(),
        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the service did not become healthy within 60 s");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
    }
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

  /** Users 101.. with 3 to 8 distinct movies each of the fixture model's 100. */
  private static UserSequences syntheticUsers(int n) {
    SplittableRandom random = new SplittableRandom(7);
    long[] users = new long[n];
    List<long[]> movies = new ArrayList<>();
    for (int u = 0; u < n; u++) {
      users[u] = 101 + u;
      movies.add(random.longs(1, ReferenceBundle.ITEMS + 1).distinct()
          .limit(3 + random.nextInt(6)).map(r -> ReferenceBundle.MOVIE_OFFSET + r).toArray());
    }
    return new UserSequences(users, movies);
  }

  /** Progress goes to the test's output as well as to the captured log asserted on. */
  private static PrintStream capture(ByteArrayOutputStream bytes) {
    java.io.OutputStream tee = new java.io.OutputStream() {
      @Override
      public void write(int b) {
        bytes.write(b);
        System.out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        bytes.write(b, off, len);
        System.out.write(b, off, len);
      }
    };
    return new PrintStream(tee, true, StandardCharsets.UTF_8);
  }

  @Test
  void replayMeasuresSecondsUntilEveryUserIsFresh() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Map<String, Object> result = new ReplayBenchmark(new ReplayBenchmark.Options(kafka, data,
        Duration.ofSeconds(60)), capture(log)).run();
    assertThat(result).containsEntry("events", (int) data.events())
        .containsEntry("users_not_fresh", 0);
    assertThat((Double) result.get("seconds_to_fresh")).isPositive();
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("replay: all");
  }

  @Test
  void freshnessMeasuresEventToRecommendationTimeAndSearchesSaturation() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Map<String, Object> result = new FreshnessBenchmark(new FreshnessBenchmark.Options(kafka,
        data, 20, Duration.ofSeconds(1), Duration.ofSeconds(2), List.of(40.0), Duration.ofSeconds(1), 1_000,
        Duration.ofSeconds(30)), capture(log)).run();
    assertThat(result).containsKeys("p50_ms", "p99_ms", "events_per_s",
        "saturation_events_per_s");
    assertThat(result.get("unanswered")).isEqualTo(0L);
    assertThat((Double) result.get("p99_ms")).isPositive();
    assertThat((Double) result.get("events_per_s")).isBetween(10.0, 30.0);
    // on a loaded machine the first phase alone may already cross the threshold, so the
    // search may stop there: only its report is certain
    assertThat(result).containsKey("saturation_reached");
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("events/s sent (target 20)");
  }

  @Test
  void apiMeasuresRequestsPerSecondOfBothEndpoints() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    String url = "http://localhost:" + RecommenderApplication.port(app);
    Map<String, Object> result = new ApiBenchmark(new ApiBenchmark.Options(url,
        data.userIds(), 10, "{\"genres\":[\"Drama\"]}", 4, Duration.ofMillis(200),
        Duration.ofSeconds(1), 42), capture(log)).run();
    assertThat(result).containsKeys("fast_rps", "fast_p50_ms", "fast_p99_ms", "filter_rps",
        "filter_p50_ms", "filter_p99_ms", "errors");
    assertThat(result.get("errors")).isEqualTo(0L);
    assertThat((Double) result.get("fast_rps")).isPositive();
    assertThat((Double) result.get("filter_rps")).isPositive();
  }
}
