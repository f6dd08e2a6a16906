package io.recsys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.gsasrec.bundle.ModelBundle;
import io.recsys.kafka.EmbeddedKafkaBroker;
import io.recsys.recommender.RecommenderApplication;
import io.recsys.schemas.TopicCreator;
import io.recsys.sync.SyncWorkerApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sync worker and a recommender on one broker, as the demo runs them: a published model
 * goes into the recommender's service with the index from the worker's snapshot file, not one
 * the recommender built itself.
 */
@Tag("slow")
class SnapshotHandOverTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path work;

  @Test
  void aPublishedModelServesTheSyncWorkersSnapshot() throws Exception {
    Path first = FixtureBundles.imported(work, "tiny-h1.pt", 1);
    ModelBundle second = ModelBundle.load(FixtureBundles.imported(work, "tiny-h2-reuse.pt", 2));
    Path snapshots = work.resolve("snapshots");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, null)) {
      Map<String, Object> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
      TopicCreator.createMissing(kafka, 2, (short) 1);
      ConfigurableApplicationContext sync = SyncWorkerApplication.start(Map.of(
          SyncWorkerApplication.PORT, 0,
          SyncWorkerApplication.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
          SyncWorkerApplication.SNAPSHOT_DIR, snapshots.toString(),
          SyncWorkerApplication.QDRANT_ENABLED, false,
          "recsys.sync.kinds", "exact,flat",
          "recsys.sync.metadata-wait", "1s"));
      ConfigurableApplicationContext recommender = RecommenderApplication.start(Map.of(
          RecommenderApplication.PORT, 0,
          RecommenderApplication.BOOTSTRAP_SERVERS, broker.bootstrapServers(),
          RecommenderApplication.MODEL_DIR, first.toString(),
          "recsys.recommender.state-dir", work.resolve("streams").toString(),
          "recsys.recommender.snapshot-dir", snapshots.toString()));
      try {
        URI health = URI.create("http://localhost:" + RecommenderApplication.port(recommender)
            + "/health");
        assertThat(model(health).path("index").asText()).isEqualTo("built from the bundle");

        ModelPublisher.publish(kafka, second);

        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode model = model(health);
        while (!second.modelVersion().equals(model.path("version").asText())
            && System.nanoTime() < deadline) {
          Thread.sleep(100);
          model = model(health);
        }
        assertThat(model.path("version").asText()).isEqualTo(second.modelVersion());
        Path expected = snapshots.resolve(second.modelVersion() + ".exact.snapshot");
        assertThat(Files.isRegularFile(expected)).isTrue();
        assertThat(model.path("index").asText()).isEqualTo("from snapshot " + expected);
      } finally {
        recommender.close();
        sync.close();
      }
    }
  }

  private static JsonNode model(URI health) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body()).path("model");
  }
}
