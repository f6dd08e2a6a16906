package io.recsys.recommender.e2e;

import io.recsys.gsasrec.GsasrecConfig;
import io.recsys.gsasrec.bundle.BundleWriter;
import io.recsys.gsasrec.checkpoint.StateDict;
import io.recsys.gsasrec.checkpoint.TorchCheckpointReader;
import io.recsys.gsasrec.model.ArchitectureInference;
import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.CatalogItem;
import java.io.IOException;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real model bundle made from the reference fixture's small checkpoint (100 items): model
 * item r stands for movie {@code MOVIE_OFFSET + r}.
 */
public final class ReferenceBundle {

  public static final int MOVIE_OFFSET = 1000;
  public static final int ITEMS = 100;

  private ReferenceBundle() {
  }

  public static Path write(Path dir) throws IOException {
    return write(dir, "tiny-h1.pt", 1);
  }

  /** The fixture's second model (two heads, tied tables): the same items, another version. */
  public static Path writeSecond(Path dir) throws IOException {
    return write(dir, "tiny-h2-reuse.pt", 2);
  }

  private static Path write(Path dir, String checkpoint, int heads) throws IOException {
    String fixtures = System.getProperty("recsys.fixtures",
        System.getenv().getOrDefault("RECSYS_FIXTURES", "../../shared/fixtures"));
    StateDict weights = TorchCheckpointReader.read(Path.of(fixtures,
        "gsasrec-reference", checkpoint));
    GsasrecConfig config = ArchitectureInference.infer(weights, heads, 0.0);
    int[] movieIds = new int[config.numItems()];
    for (int r = 1; r <= movieIds.length; r++) {
      movieIds[r - 1] = MOVIE_OFFSET + r;
    }
    new BundleWriter().itemIds(movieIds).training("fixture", Map.of("source", checkpoint))
        .write(dir, config, weights);
    return dir;
  }

  /** A catalogue entry for every model item: "Movie r", one of four genres, a year from 1980. */
  public static void publishCatalog(Map<String, Object> kafka) throws Exception {
    String[] genres = {"Comedy", "Drama", "Action", "Animation"};
    try (KafkaProducer<Long, CatalogItem> producer = new KafkaProducer<>(kafka,
        Topics.CATALOG.keySerde().serializer(), Topics.CATALOG.valueSerde().serializer())) {
      for (int r = 1; r <= ITEMS; r++) {
        long id = MOVIE_OFFSET + r;
        producer.send(new ProducerRecord<>(Topics.CATALOG.name(), id, new CatalogItem(id,
            "Movie " + r, List.of(genres[r % genres.length]), 1980 + (r % 30)))).get();
      }
    }
  }
}
