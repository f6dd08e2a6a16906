package io.recsys.recommender.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.kafka.EmbeddedKafkaBroker;
import io.recsys.recommender.RecommenderApplication;
import io.recsys.recommender.routing.PeerClient;
import io.recsys.schemas.TopicCreator;
import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.CatalogItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Two recommender instances on one broker share the users by partition; each answers for
 * every user, forwarding to the owner with interactive-query metadata.
 */
@Tag("slow")
class TwoInstancesTest {

  private static final int USERS = 12;

  private static EmbeddedKafkaBroker broker;
  private static ConfigurableApplicationContext first;
  private static ConfigurableApplicationContext second;
  private static WebTestClient httpFirst;
  private static WebTestClient httpSecond;

  @BeforeAll
  static void start() throws Exception {
    Path work = Files.createTempDirectory("recommender-two");
    broker = EmbeddedKafkaBroker.start(0, null);
    Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
    TopicCreator.createMissing(kafka, 2, (short) 1);
    try (KafkaProducer<Long, CatalogItem> producer = new KafkaProducer<>(kafka,
        Topics.CATALOG.keySerde().serializer(), Topics.CATALOG.valueSerde().serializer())) {
      for (int r = 1; r <= ReferenceBundle.ITEMS; r++) {
        long id = ReferenceBundle.MOVIE_OFFSET + r;
        producer.send(new ProducerRecord<>(Topics.CATALOG.name(), id,
            new CatalogItem(id, "Movie " + r, List.of("Drama"), 1990))).get();
      }
    }
    Path bundle = ReferenceBundle.write(work.resolve("bundle"));
    first = startInstance(bundle, work.resolve("streams-1"));
    second = startInstance(bundle, work.resolve("streams-2"));
    httpFirst = client(first);
    httpSecond = client(second);
  }

  private static ConfigurableApplicationContext startInstance(Path bundle, Path stateDir) {
    return RecommenderApplication.start(Map.of(
        RecommenderApplication.PORT, 0,
        RecommenderApplication.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
        RecommenderApplication.MODEL_DIR, bundle.toString(),
        "recsys.recommender.state-dir", stateDir.toString(),
        "recsys.recommender.refresh-interval", "100ms",
        "recsys.recommender.update-timeout", "20s",
        // the broker's minimum: the survivor takes over a stopped instance's users sooner
        "recsys.recommender.session-timeout", "6s"));
  }

  private static WebTestClient client(ConfigurableApplicationContext app) {
    return WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + RecommenderApplication.port(app))
        .responseTimeout(Duration.ofSeconds(30)).build();
  }

  @AfterAll
  static void stop() {
    for (ConfigurableApplicationContext app : new ConfigurableApplicationContext[] {second,
        first}) {
      if (app != null) {
        app.close();
      }
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void bothInstancesAnswerForEveryUserFromItsOwner() {
    // until both have joined and the rebalance settled, some answers are 503s: wait them out
    await(() -> allAnswer(httpFirst) && allAnswer(httpSecond), "both instances answer");

    for (long user = 1; user <= USERS; user++) {
      WebTestClient via = user % 2 == 0 ? httpFirst : httpSecond;
      long movie = ReferenceBundle.MOVIE_OFFSET + user;
      long u = user;
      await(() -> updated(via, u, movie), "update of user " + user + " applied");
    }

    Set<String> owners = new HashSet<>();
    for (long user = 1; user <= USERS; user++) {
      EntityExchangeResult<String> a = fast(httpFirst, user);
      EntityExchangeResult<String> b = fast(httpSecond, user);
      assertThat(a.getStatus().value()).isEqualTo(200);
      assertThat(b.getStatus().value()).isEqualTo(200);
      String servedByA = a.getResponseHeaders().getFirst(PeerClient.SERVED_BY);
      assertThat(b.getResponseHeaders().getFirst(PeerClient.SERVED_BY)).isEqualTo(servedByA);
      assertThat(a.getResponseBody()).contains("\"method\":\"gsasrec+exact\"");
      assertThat(recommendations(a.getResponseBody()))
          .isEqualTo(recommendations(b.getResponseBody()));
      owners.add(servedByA);
    }
    assertThat(owners).as("each instance owns some of the users").hasSize(2);

    for (long user = 1; user <= USERS; user++) {
      for (WebTestClient http : List.of(httpFirst, httpSecond)) {
        http.post().uri("/recommend_filter").contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("user_id", user, "k", 3,
                "filters", Map.of("genres", List.of("Drama"), "year_min", 1980)))
            .exchange().expectStatus().isOk()
            .expectBody()
            .jsonPath("$.user_id").isEqualTo(user)
            .jsonPath("$.method").isEqualTo("gsasrec+exact+filter");
      }
    }

    httpSecond.post().uri("/recommend_batch").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("user_ids", List.of(1, 2, 3, 4), "k", 3))
        .exchange().expectStatus().isOk()
        .expectBody()
        .jsonPath("$.results.length()").isEqualTo(4)
        .jsonPath("$.results[3].user_id").isEqualTo(4)
        .jsonPath("$.results[3].method").isEqualTo("gsasrec+exact");

    // a live stream opened on the instance that does not own the user is relayed from the owner
    long streamed = 1;
    boolean ownedByFirst = ("localhost:" + RecommenderApplication.port(first)).equals(
        fast(httpFirst, streamed).getResponseHeaders().getFirst(PeerClient.SERVED_BY));
    ConfigurableApplicationContext notOwner = ownedByFirst ? second : first;
    java.util.concurrent.CompletableFuture<String> event = org.springframework.web.reactive
        .function.client.WebClient.create("http://localhost:"
            + RecommenderApplication.port(notOwner))
        .get().uri("/recommendations/stream?user_id=" + streamed)
        .accept(MediaType.TEXT_EVENT_STREAM).retrieve()
        .bodyToFlux(new org.springframework.core.ParameterizedTypeReference<
            org.springframework.http.codec.ServerSentEvent<String>>() { })
        .filter(e -> e.data() != null).map(e -> e.data()).next().toFuture();
    long[] movie = {ReferenceBundle.MOVIE_OFFSET + 50};
    // the relay may subscribe after an update: update again until a list arrives
    WebTestClient viaNotOwner = client(notOwner);
    await(() -> {
      if (!event.isDone()) {
        updated(viaNotOwner, streamed, movie[0]++);
      }
      return event.isDone();
    }, "a relayed stream event");
    assertThat(event.join()).contains("\"user_id\":" + streamed, "recommendations");

    // the second leaves: the first takes its partitions over, restores their state from the
    // changelogs (503 while it does) and then answers for every user alone, unchanged
    Map<Long, String> before = new java.util.HashMap<>();
    for (long user = 1; user <= USERS; user++) {
      before.put(user, recommendations(fast(httpFirst, user).getResponseBody()));
    }
    String secondAddress = "localhost:" + RecommenderApplication.port(second);
    second.close();
    await(() -> {
      for (long user = 1; user <= USERS; user++) {
        EntityExchangeResult<String> r = fast(httpFirst, user);
        if (r.getStatus().value() != 200
            || secondAddress.equals(r.getResponseHeaders().getFirst(PeerClient.SERVED_BY))) {
          return false;
        }
      }
      return true;
    }, "the first instance answers for every user alone");
    for (long user = 1; user <= USERS; user++) {
      assertThat(recommendations(fast(httpFirst, user).getResponseBody()))
          .isEqualTo(before.get(user));
    }
  }

  private static boolean allAnswer(WebTestClient http) {
    for (long user = 1; user <= USERS; user++) {
      if (fast(http, user).getStatus().value() != 200) {
        return false;
      }
    }
    return true;
  }

  private static boolean updated(WebTestClient http, long user, long movie) {
    EntityExchangeResult<String> r = http.post().uri("/update_user")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("user_id", user, "movie_id", movie, "rating", 4.0))
        .exchange().expectBody(String.class).returnResult();
    return r.getStatus().value() == 200 && r.getResponseBody().contains("\"status\":\"updated\"");
  }

  private static EntityExchangeResult<String> fast(WebTestClient http, long user) {
    return http.post().uri("/recommend_fast").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("user_id", user, "k", 5))
        .exchange().expectBody(String.class).returnResult();
  }

  /** The answer without its latency, which differs between the two calls. */
  private static String recommendations(String body) {
    return body.replaceAll("\"latency_ms\":[0-9.eE+-]+", "");
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not within 90 s");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
    }
  }
}
