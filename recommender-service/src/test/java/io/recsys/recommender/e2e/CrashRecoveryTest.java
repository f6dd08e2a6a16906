package io.recsys.recommender.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.kafka.EmbeddedKafkaBroker;
import io.recsys.recommender.bench.RecommenderProcess;
import io.recsys.recommender.model.GsasrecServingModel;
import io.recsys.recommender.model.ModelLoader;
import io.recsys.schemas.TopicCreator;
import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.EventSource;
import io.recsys.schemas.avro.RatingEvent;
import io.recsys.schemas.avro.UserEmbedding;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a recommender process in the middle of a replay, then a restart on the
 * same state directory: every event is in the histories exactly once, and each user's final
 * embedding equals an offline encode of that user's events. The recommender runs in its own
 * JVM so that the kill is a real crash (no shutdown hook, no last commit).
 */
@Tag("slow")
class CrashRecoveryTest {

  private static final int USERS = 300;
  private static final int EVENTS_PER_USER = 30; // under the model's 50, so nothing is cut off
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String APPLICATION_ID = "recsys-recommender";

  @TempDir
  Path work;

  private EmbeddedKafkaBroker broker;
  private RecommenderProcess recommender;

  @AfterEach
  void stop() throws InterruptedException {
    if (recommender != null) {
      recommender.kill();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void aKilledRecommenderRestartsWithEveryEventOnceAndTheEmbeddingsOfACleanRun()
      throws Exception {
    broker = EmbeddedKafkaBroker.start(0, work.resolve("kafka"));
    Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
    TopicCreator.createMissing(kafka, 3, (short) 1);
    Path bundle = ReferenceBundle.write(work.resolve("bundle"));
    List<RatingEvent> events = events();
    int half = events.size() / 2;
    int port = freePort();

    publish(kafka, events.subList(0, half));
    recommender = launch(bundle, port, "first");
    awaitCommitted(kafka, half, Duration.ofSeconds(90));
    publish(kafka, events.subList(half, events.size()));
    recommender.kill(); // SIGKILL while it works through the second half
    try (Admin admin = Admin.create(kafka)) {
      System.out.printf("killed the recommender with %d of %d events committed%n",
          committed(admin), events.size());
    }
    recommender = launch(bundle, port, "second");

    Map<Long, float[]> expected = offlineEncode(bundle, events);
    Map<Long, UserEmbedding> actual = awaitFinalEmbeddings(kafka, events, Duration.ofSeconds(120));
    for (Map.Entry<Long, float[]> e : expected.entrySet()) {
      List<Float> vector = actual.get(e.getKey()).getVector();
      assertThat(vector).hasSize(e.getValue().length);
      for (int i = 0; i < vector.size(); i++) {
        assertThat(vector.get(i)).as("user %d dimension %d", e.getKey(), i)
            .isCloseTo(e.getValue()[i], org.assertj.core.data.Offset.offset(1e-4f));
      }
    }
    assertHistoriesHoldEveryEventOnce(port, events);
  }

  private static List<RatingEvent> events() {
    SplittableRandom random = new SplittableRandom(7);
    List<RatingEvent> events = new ArrayList<>();
    // round-robin over users, as a replay in time order would interleave them
    for (int i = 0; i < EVENTS_PER_USER; i++) {
      for (long user = 1; user <= USERS; user++) {
        long movie = ReferenceBundle.MOVIE_OFFSET + 1 + random.nextInt(ReferenceBundle.ITEMS);
        events.add(new RatingEvent("crash-" + user + "-" + i, user, movie,
            (float) (1 + random.nextInt(5)), T0.plusSeconds(user * 1000 + i), EventSource.TEST));
      }
    }
    return events;
  }

  private static void publish(Map<String, Object> kafka, List<RatingEvent> events)
      throws Exception {
    try (KafkaProducer<Long, RatingEvent> producer = new KafkaProducer<>(kafka,
        Topics.RATINGS.keySerde().serializer(), Topics.RATINGS.valueSerde().serializer())) {
      for (RatingEvent e : events) {
        producer.send(new ProducerRecord<>(Topics.RATINGS.name(), e.getUserId(), e));
      }
      producer.flush();
    }
  }

  private RecommenderProcess launch(Path bundle, int port, String name) throws IOException {
    return RecommenderProcess.launch(broker.bootstrapServers(), bundle, work.resolve("streams"),
        port, work.resolve(name + ".log"), List.of("recsys.recommender.application-id="
            + APPLICATION_ID));
  }

  private static long committed(Admin admin) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets = admin
        .listConsumerGroupOffsets(APPLICATION_ID).partitionsToOffsetAndMetadata().get();
    return offsets.entrySet().stream()
        .filter(e -> e.getKey().topic().equals(Topics.RATINGS.name()) && e.getValue() != null)
        .mapToLong(e -> e.getValue().offset()).sum();
  }

  private void awaitCommitted(Map<String, Object> kafka, long events, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(kafka)) {
      while (committed(admin) < events) {
        assertThat(recommender.isAlive()).as("the recommender runs (log " + work + ")").isTrue();
        assertThat(System.nanoTime()).as("%d events committed within %s", events, timeout)
            .isLessThan(deadline);
        Thread.sleep(100);
      }
    }
  }

  private static Map<Long, float[]> offlineEncode(Path bundle, List<RatingEvent> events)
      throws IOException {
    Map<Long, List<RatingEvent>> byUser = byUser(events);
    Map<Long, float[]> vectors = new HashMap<>();
    try (GsasrecServingModel model = ModelLoader.load(bundle, "EXACT")) {
      for (Map.Entry<Long, List<RatingEvent>> e : byUser.entrySet()) {
        long[] movies = e.getValue().stream().mapToLong(RatingEvent::getMovieId).toArray();
        vectors.put(e.getKey(), model.encode(List.of(movies))[0]);
      }
    }
    return vectors;
  }

  /** Each user's events, oldest first (the test's event times are distinct per user). */
  private static Map<Long, List<RatingEvent>> byUser(List<RatingEvent> events) {
    Map<Long, List<RatingEvent>> byUser = new HashMap<>();
    for (RatingEvent e : events) {
      byUser.computeIfAbsent(e.getUserId(), u -> new ArrayList<>()).add(e);
    }
    byUser.values().forEach(l -> l.sort((a, b) -> a.getEventTime().compareTo(b.getEventTime())));
    return byUser;
  }

  /** The newest committed embedding of every user, once each reflects the user's last event. */
  private Map<Long, UserEmbedding> awaitFinalEmbeddings(Map<String, Object> kafka,
                                                        List<RatingEvent> events,
                                                        Duration timeout) throws Exception {
    Map<Long, Instant> newest = new HashMap<>();
    byUser(events).forEach((u, l) -> newest.put(u, l.get(l.size() - 1).getEventTime()));
    Properties p = new Properties();
    p.putAll(kafka);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "crash-test-reader");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<Long, UserEmbedding> latest = new HashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<Long, UserEmbedding> consumer = new KafkaConsumer<>(p,
        Topics.USER_EMBEDDINGS.keySerde().deserializer(),
        Topics.USER_EMBEDDINGS.valueSerde().deserializer())) {
      consumer.subscribe(List.of(Topics.USER_EMBEDDINGS.name()));
      while (!reflectsAll(latest, newest)) {
        assertThat(recommender.isAlive()).as("the restarted recommender runs").isTrue();
        assertThat(System.nanoTime()).as("every user's last event reflected within " + timeout)
            .isLessThan(deadline);
        consumer.poll(Duration.ofMillis(200)).forEach(r -> latest.put(r.key(), r.value()));
      }
    }
    return latest;
  }

  private static boolean reflectsAll(Map<Long, UserEmbedding> latest, Map<Long, Instant> newest) {
    return newest.entrySet().stream().allMatch(e -> latest.containsKey(e.getKey())
        && latest.get(e.getKey()).getSourceEventTime().equals(e.getValue()));
  }

  private static void assertHistoriesHoldEveryEventOnce(int port, List<RatingEvent> events)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    for (Map.Entry<Long, List<RatingEvent>> e : byUser(events).entrySet()) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
          "http://localhost:" + port + "/users/" + e.getKey() + "/history")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode history = json.readTree(response.body()).path("events");
      List<Long> movies = new ArrayList<>();
      history.forEach(i -> movies.add(i.path("movie_id").asLong()));
      assertThat(movies).as("user %d's history", e.getKey())
          .containsExactlyElementsOf(e.getValue().stream().map(RatingEvent::getMovieId).toList());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
