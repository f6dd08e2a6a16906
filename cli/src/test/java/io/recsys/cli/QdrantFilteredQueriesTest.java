package io.recsys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.gsasrec.bundle.ModelBundle;
import io.recsys.kafka.EmbeddedKafkaBroker;
import io.recsys.qdrant.CollectionNaming;
import io.recsys.qdrant.standin.QdrantStandIn;
import io.recsys.recommender.RecommenderApplication;
import io.recsys.schemas.TopicCreator;
import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.CatalogItem;
import io.recsys.sync.SyncWorkerApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Filtered queries served by Qdrant end to end, against the Qdrant stand-in (no real server runs
 * here): the sync worker fills the model's collection with payloads from the catalogue, the
 * recommender answers {@code /recommend_filter} from it, and when Qdrant becomes unavailable
 * the local index answers the same query with the same movies in the same order, saying so in
 * {@code method}.
 */
@Tag("slow")
class QdrantFilteredQueriesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String[] GENRES = {"Comedy", "Drama", "Action", "Animation"};

  @TempDir
  Path work;

  @Test
  void qdrantAnswersAsTheLocalIndexDoesAndTheLocalIndexTakesOverWhenItIsDown() throws Exception {
    Path bundleDir = FixtureBundles.imported(work, "tiny-h1.pt", 1);
    ModelBundle bundle = ModelBundle.load(bundleDir);
    String collection = new CollectionNaming("items").collectionFor(bundle.modelVersion());

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, null);
         QdrantStandIn qdrant = QdrantStandIn.start()) {
      Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
      TopicCreator.createMissing(kafka, 2, (short) 1);
      publishCatalog(kafka, bundle.config().numItems());
      ConfigurableApplicationContext sync = SyncWorkerApplication.start(Map.of(
          SyncWorkerApplication.PORT, 0,
          SyncWorkerApplication.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
          SyncWorkerApplication.SNAPSHOT_DIR, work.resolve("snapshots").toString(),
          SyncWorkerApplication.QDRANT_URL, qdrant.url(),
          "recsys.sync.kinds", "exact"));
      ConfigurableApplicationContext recommender = RecommenderApplication.start(Map.of(
          RecommenderApplication.PORT, 0,
          RecommenderApplication.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
          RecommenderApplication.MODEL_DIR, bundleDir.toString(),
          "recsys.recommender.state-dir", work.resolve("streams").toString(),
          "recsys.recommender.update-timeout", "20s",
          "recsys.recommender.refresh-interval", "200ms",
          "recsys.recommender.qdrant.enabled", true,
          "recsys.recommender.qdrant.url", qdrant.url()));
      try {
        String base = "http://localhost:" + RecommenderApplication.port(recommender);
        ModelPublisher.publish(kafka, bundle);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!collection.equals(qdrant.aliasTarget("items")) && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertThat(qdrant.aliasTarget("items")).isEqualTo(collection);
        assertThat(qdrant.count(collection)).isEqualTo(bundle.config().numItems());

        // running, with the whole catalogue read; then one filter-metadata refresh (200 ms)
        while (!get(base + "/health").body().contains("\"catalog_movies\":"
            + bundle.config().numItems()) && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        Thread.sleep(600);
        for (int movie : new int[] {3, 17, 42, 58}) {
          assertThat(post(base + "/update_user", "{\"user_id\": 7, \"movie_id\": " + movie
              + ", \"rating\": 4.5}").statusCode()).isEqualTo(200);
        }
        String query = "{\"user_id\": 7, \"k\": 8, \"filters\": {\"genres\": [\"Comedy\","
            + " \"Animation\"], \"year_min\": 1985}}";
        JsonNode fromQdrant = JSON.readTree(post(base + "/recommend_filter", query).body());
        assertThat(fromQdrant.path("method").asText()).isEqualTo("gsasrec+qdrant+filter");

        qdrant.setUnavailable(true);
        JsonNode fromLocal = JSON.readTree(post(base + "/recommend_filter", query).body());
        assertThat(fromLocal.path("method").asText()).endsWith("+filter+qdrant-unavailable");

        assertThat(movieIds(fromQdrant)).hasSize(8).isEqualTo(movieIds(fromLocal))
            .doesNotContain(3L, 17L, 42L, 58L);
        for (int i = 0; i < 8; i++) {
          assertThat(fromQdrant.path("recommendations").get(i).path("score").asDouble())
              .isCloseTo(fromLocal.path("recommendations").get(i).path("score").asDouble(),
                  org.assertj.core.data.Offset.offset(1e-3));
          String genre = fromQdrant.path("recommendations").get(i).path("genres").get(0).asText();
          assertThat(genre).isIn("Comedy", "Animation");
        }
      } finally {
        recommender.close();
        sync.close();
      }
    }
  }

  /** Movie r has genre GENRES[r % 4] and year 1980 + r % 30. */
  private static void publishCatalog(Map<String, Object> kafka, int items) throws Exception {
    try (KafkaProducer<Long, CatalogItem> producer = new KafkaProducer<>(kafka,
        Topics.CATALOG.keySerde().serializer(), Topics.CATALOG.valueSerde().serializer())) {
      for (long id = 1; id <= items; id++) {
        producer.send(new ProducerRecord<>(Topics.CATALOG.name(), id, new CatalogItem(id,
            "Movie " + id, List.of(GENRES[(int) (id % GENRES.length)]),
            1980 + (int) (id % 30)))).get();
      }
    }
  }

  private static List<Long> movieIds(JsonNode answer) {
    List<Long> ids = new ArrayList<>();
    answer.path("recommendations").forEach(m -> ids.add(m.path("movie_id").asLong()));
    return ids;
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String url, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
