package io.recsys.recommender.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.kafka.EmbeddedKafkaBroker;
import io.recsys.recommender.RecommenderApplication;
import io.recsys.recommender.model.GsasrecServingModel;
import io.recsys.recommender.model.ModelLoader;
import io.recsys.schemas.TopicCreator;
import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.ModelVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A model announced on {@code model-versions} goes into service while queries run: none fails,
 * each answer names one version, and users are re-encoded with the new model without new
 * events. A corrupt bundle announced after it is refused and the new model stays.
 */
@Tag("slow")
@ExtendWith(ThreadDumpOnFailure.class)
class ModelHotSwapTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static EmbeddedKafkaBroker broker;
  private static ConfigurableApplicationContext app;
  private static WebTestClient http;
  private static Path work;
  private static Map<String, Object> kafka;

  @BeforeAll
  static void start() throws Exception {
    work = Files.createTempDirectory("recommender-hot-swap");
    broker = EmbeddedKafkaBroker.start(0, null);
    kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
    TopicCreator.createMissing(kafka, 2, (short) 1);
    app = RecommenderApplication.start(Map.of(
        RecommenderApplication.PORT, 0,
        RecommenderApplication.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
        RecommenderApplication.MODEL_DIR, ReferenceBundle.write(work.resolve("first")).toString(),
        "recsys.recommender.state-dir", work.resolve("streams").toString(),
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

  private static void announce(String version, Path bundle) throws Exception {
    try (KafkaProducer<String, ModelVersion> producer = new KafkaProducer<>(kafka,
        Topics.MODEL_VERSIONS.keySerde().serializer(),
        Topics.MODEL_VERSIONS.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(Topics.MODEL_VERSIONS.name(), version,
          new ModelVersion(version, bundle.toString(), ReferenceBundle.ITEMS, 32, Instant.now(),
              Map.of()))).get();
    }
  }

  private static JsonNode recommend(long user) throws Exception {
    String body = http.post().uri("/recommend_fast").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("user_id", user, "k", 5)).exchange().expectStatus().isOk()
        .returnResult(String.class).getResponseBody().blockFirst();
    return JSON.readTree(body);
  }

  private static String storedVersion(long user) throws Exception {
    String body = http.post().uri("/update_user").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("user_id", user, "movie_id", 1001 + user, "rating", 4.0))
        .exchange().expectStatus().isOk()
        .returnResult(String.class).getResponseBody().blockFirst();
    return JSON.readTree(body).path("model_version").asText();
  }

  /** The version of the user's stored embedding, as the instance's state store has it. */
  private static String embeddingVersion(long user) {
    var streams = app.getBean(io.recsys.recommender.streams.RecommenderStreams.class);
    io.recsys.schemas.avro.UserEmbedding e = streams
        .<Long, io.recsys.schemas.avro.UserEmbedding>store(
            io.recsys.recommender.topology.StoreNames.USER_EMBEDDINGS).get(user);
    return e == null ? "" : e.getModelVersion();
  }

  @Test
  void anAnnouncedModelReplacesTheRunningOneWithoutAFailedQuery() throws Exception {
    String firstVersion = storedVersion(1);
    storedVersion(2);
    Path second = ReferenceBundle.writeSecond(work.resolve("second"));
    String secondVersion;
    try (GsasrecServingModel model = ModelLoader.load(second, "EXACT")) {
      secondVersion = model.version();
    }
    assertThat(secondVersion).isNotEqualTo(firstVersion);

    AtomicBoolean querying = new AtomicBoolean(true);
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    Thread load = new Thread(() -> {
      while (querying.get()) {
        int status = http.post().uri("/recommend_fast").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("user_id", 1, "k", 5)).exchange()
            .expectBody().returnResult().getStatus().value();
        (status == 200 ? answered : failed).incrementAndGet();
      }
    }, "query-load");
    load.start();
    announce(secondVersion, second);

    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String served = firstVersion;
    while (!served.equals(secondVersion) && System.nanoTime() < deadline) {
      served = recommend(1).path("model_version").asText();
    }
    querying.set(false);
    load.join();
    assertThat(served).isEqualTo(secondVersion);
    assertThat(failed.get()).as("failed queries during the swap").isZero();
    assertThat(answered.get()).isPositive();

    // user 2 sent nothing since: the background re-encode gives it an embedding of the new model
    while (!embeddingVersion(2).equals(secondVersion) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(embeddingVersion(2)).isEqualTo(secondVersion);

    // a corrupt bundle announced next is refused; the model in service stays
    Path broken = work.resolve("broken");
    Files.createDirectories(broken);
    Files.writeString(broken.resolve("manifest.json"), "{ truncated");
    announce("gsasrec-ffffffffffffffff", broken);
    Thread.sleep(2_000); // nothing to await: a refusal changes nothing observable but the log
    assertThat(recommend(1).path("model_version").asText()).isEqualTo(secondVersion);
  }
}
