package io.recsys.recommender.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.kafka.EmbeddedKafkaBroker;
import io.recsys.recommender.RecommenderApplication;
import io.recsys.schemas.DlqHeaders;
import io.recsys.schemas.TopicCreator;
import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.CatalogItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The recommender service on a real embedded broker with a real (small) gSASRec bundle. */
@Tag("slow")
@ExtendWith(ThreadDumpOnFailure.class)
class RecommenderServiceEndToEndTest {

  private static EmbeddedKafkaBroker broker;
  private static ConfigurableApplicationContext app;
  private static WebTestClient http;
  private static Path work;

  @BeforeAll
  static void start() throws Exception {
    work = Files.createTempDirectory("recommender-e2e");
    broker = EmbeddedKafkaBroker.start(0, null);
    Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
    TopicCreator.createMissing(kafka, 2, (short) 1);
    ReferenceBundle.publishCatalog(kafka);
    Path bundle = ReferenceBundle.write(work.resolve("bundle"));
    app = RecommenderApplication.start(Map.of(
        RecommenderApplication.PORT, 0,
        RecommenderApplication.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
        RecommenderApplication.MODEL_DIR, bundle.toString(),
        "recsys.recommender.state-dir", work.resolve("streams").toString(),
        "recsys.recommender.refresh-interval", "100ms",
        "recsys.recommender.update-timeout", "20s"));
    http = WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + RecommenderApplication.port(app))
        .responseTimeout(Duration.ofSeconds(30)).build();
    Health.await(http);
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
  void updateUserIsReadYourWritesAndTheNextQueryReflectsIt() {
    http.post().uri("/update_user").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("user_id", 5, "movie_id", 1003, "rating", 4.5))
        .exchange().expectStatus().isOk()
        .expectBody()
        .jsonPath("$.status").isEqualTo("updated")
        .jsonPath("$.pending").isEqualTo(false)
        .jsonPath("$.model_version").isNotEmpty()
        .jsonPath("$.recommendations.length()").isEqualTo(10)
        .jsonPath("$.recommendations[?(@.movie_id == 1003)]").doesNotExist();

    http.post().uri("/recommend_fast").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("user_id", 5, "k", 5))
        .exchange().expectStatus().isOk()
        .expectBody()
        .jsonPath("$.user_id").isEqualTo(5)
        .jsonPath("$.method").isEqualTo("gsasrec+exact")
        .jsonPath("$.recommendations.length()").isEqualTo(5)
        .jsonPath("$.recommendations[0].title").isNotEmpty()
        .jsonPath("$.recommendations[0].score").isNumber()
        .jsonPath("$.latency_ms").isNumber()
        .jsonPath("$.recommendations[?(@.movie_id == 1003)]").doesNotExist();
  }

  @Test
  void theWebConsoleIsServedWithTheHistoryAndConfigItReads() {
    http.post().uri("/update_user").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("user_id", 9, "movie_id", 1004, "rating", 4.0))
        .exchange().expectStatus().isOk();
    http.get().uri("/users/9/history").exchange().expectStatus().isOk()
        .expectBody()
        .jsonPath("$.user_id").isEqualTo(9)
        .jsonPath("$.events[-1:].movie_id").isEqualTo(1004)
        .jsonPath("$.events[-1:].rating").isEqualTo(4.0);
    http.get().uri("/users/0/history").exchange().expectStatus().isBadRequest();
    http.get().uri("/console/config").exchange().expectStatus().isOk()
        .expectBody().jsonPath("$.ingest_url").isNotEmpty();
    http.get().uri("/").exchange().expectStatus().isOk()
        .expectBody(String.class).value(html -> assertThat(html).contains("recsys console"));
    http.get().uri("/console.js").exchange().expectStatus().isOk();
  }

  @Test
  void filtersReturnOnlyMatchingMovies() {
    http.post().uri("/update_user").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("user_id", 6, "movie_id", 1010, "rating", 3.0))
        .exchange().expectStatus().isOk();
    awaitMetadata();
    http.post().uri("/recommend_filter").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("user_id", 6, "k", 10,
            "filters", Map.of("genres", List.of("Comedy"), "year_min", 1990)))
        .exchange().expectStatus().isOk()
        .expectBody()
        .jsonPath("$.method").isEqualTo("gsasrec+exact+filter")
        .jsonPath("$.recommendations.length()").isEqualTo(10)
        .jsonPath("$.recommendations[?(@.genres[0] != 'Comedy')]").doesNotExist()
        .jsonPath("$.recommendations[?(@.year < 1990)]").doesNotExist();
  }

  @Test
  void usersWithoutHistoryGetPopularMoviesNotA404() {
    http.post().uri("/update_user").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("user_id", 7, "movie_id", 1020, "rating", 5.0))
        .exchange().expectStatus().isOk();
    awaitPopular();
    http.post().uri("/recommend_fast").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("user_id", 424242))
        .exchange().expectStatus().isOk()
        .expectBody()
        .jsonPath("$.method").isEqualTo("popular")
        .jsonPath("$.recommendations.length()").value(n -> assertThat((Integer) n).isPositive());
  }

  @Test
  void batchAnswersEveryUser() {
    http.post().uri("/recommend_batch").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("user_ids", List.of(5, 6, 999), "k", 3))
        .exchange().expectStatus().isOk()
        .expectBody()
        .jsonPath("$.results.length()").isEqualTo(3)
        .jsonPath("$.results[2].user_id").isEqualTo(999);
  }

  @Test
  void badInputGetsAProblemDetailNamingTheField() {
    http.post().uri("/recommend_fast").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("user_id", -1, "k", 0))
        .exchange().expectStatus().isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].field").isEqualTo("user_id")
        .jsonPath("$.errors[1].field").isEqualTo("k");
    http.post().uri("/recommend_fast").contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"user_id\": \"x\"}")
        .exchange().expectStatus().isBadRequest()
        .expectBody().jsonPath("$.errors[0].field").isEqualTo("user_id");
    http.post().uri("/recommend_filter").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("user_id", 1, "filters", Map.of("colour", "red")))
        .exchange().expectStatus().isBadRequest()
        .expectBody().jsonPath("$.errors[0].field").isEqualTo("filters.colour");
    http.post().uri("/update_user").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("user_id", 1, "movie_id", 2, "rating", 4.2))
        .exchange().expectStatus().isBadRequest()
        .expectBody().jsonPath("$.errors[0].field").isEqualTo("rating");
  }

  @Test
  void poisonRecordsGoToTheDlqAndTheServiceKeepsAnswering() throws Exception {
    Map<String, Object> config = Map.of("bootstrap.servers", broker.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config,
        new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.RATINGS.name(),
          Topics.RATINGS.keySerde().serializer().serialize("ratings", 7L),
          new byte[] {(byte) 0xC3, 1, 9, 9, 9, 9, 9, 9, 9, 9, 0})).get();
    }
    Properties p = new Properties();
    p.putAll(config);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p,
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.RATINGS_DLQ.name()));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (dead.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(dead::add);
      }
    }
    assertThat(dead).hasSize(1);
    assertThat(DlqHeaders.read(dead.get(0).headers(), DlqHeaders.ERROR_MESSAGE))
        .contains("Unknown Avro schema fingerprint 0909090909090909");
    http.get().uri("/health").exchange().expectStatus().isOk();
  }

  @Test
  void statsReportCountsAndLatencies() {
    http.post().uri("/update_user").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("user_id", 8, "movie_id", 1030, "rating", 4.0))
        .exchange().expectStatus().isOk();
    http.post().uri("/recommend_fast").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("user_id", 5)).exchange().expectStatus().isOk();
    http.post().uri("/recommend_filter").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("user_id", 5, "filters", Map.of("genres", List.of("Drama"))))
        .exchange().expectStatus().isOk();
    http.get().uri("/stats").exchange().expectStatus().isOk()
        .expectBody()
        .jsonPath("$.kafka_streams").isEqualTo("RUNNING")
        .jsonPath("$.users").value(n -> assertThat(((Number) n).longValue()).isPositive())
        .jsonPath("$.items").isEqualTo(ReferenceBundle.ITEMS)
        .jsonPath("$.events_processed").value(n ->
            assertThat(((Number) n).longValue()).isPositive())
        .jsonPath("$.consumer_lag").isNumber()
        .jsonPath("$.freshness_ms.count").value(n ->
            assertThat(((Number) n).longValue()).isPositive())
        .jsonPath("$.freshness_ms.p50").isNumber()
        .jsonPath("$.freshness_ms.p99").isNumber()
        .jsonPath("$.queries.recommend_fast.count").isNumber()
        .jsonPath("$.queries.recommend_fast.p50").isNumber()
        .jsonPath("$.queries.recommend_fast.p99").isNumber()
        .jsonPath("$.queries.recommend_filter.count").isNumber()
        .jsonPath("$.queries.update_user.count").isNumber()
        .jsonPath("$.system.process_cpu").isNumber()
        .jsonPath("$.system.ram_total_mb").isNumber()
        .jsonPath("$.system.disk_free_gb").isNumber()
        .jsonPath("$.system.cores").isNumber();
    http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
        .expectBody(String.class).value(s -> assertThat(s).contains(
            "recsys_query_latency_seconds_bucket", "endpoint=\"recommend_fast\"",
            "recsys_freshness_seconds", "recsys_events_total{outcome=\"applied\"",
            "recsys_users ", "recsys_items ", "recsys_consumer_lag ",
            "recsys_system_memory_size_bytes", "recsys_state_disk_free_bytes",
            "process_cpu_usage", "disk_free_bytes", "kafka_consumer_fetch_manager_records_lag"));
    http.get().uri("/v3/api-docs").exchange().expectStatus().isOk();
  }


  private static void awaitMetadata() {
    awaitCondition(() -> {
      var body = http.post().uri("/recommend_filter").contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Map.of("user_id", 6, "k", 1, "filters", Map.of("genres", List.of("Comedy"))))
          .exchange().returnResult(String.class).getResponseBody().blockFirst();
      return body != null && body.contains("Comedy");
    });
  }

  private static void awaitPopular() {
    awaitCondition(() -> {
      var body = http.post().uri("/recommend_fast").contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Map.of("user_id", 424243)).exchange().returnResult(String.class)
          .getResponseBody().blockFirst();
      return body != null && body.contains("movie_id");
    });
  }

  private static void awaitCondition(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 30 s");
      }
      Thread.onSpinWait();
    }
  }
}
