package io.recsys.sync.qdrant;

import io.recsys.qdrant.QdrantEndpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.qdrant.CollectionNaming;
import io.recsys.sync.retry.Backoff;
import io.recsys.sync.retry.Retrier;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of the Qdrant adapter that need no server. */
class QdrantItemStoreTest {

  private static QdrantItemStore unreachable() {
    // port 1 on the loopback: nothing listens, so every call fails fast
    String url = "http://127.0.0.1:1";
    return new QdrantItemStore(QdrantEndpoint.connect(url, "", Duration.ofSeconds(1)), url,
        new CollectionNaming("items"), 2, 10, Duration.ofSeconds(1),
        new Retrier(1, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)), d -> { }));
  }

  @Test
  void ordersOurCollectionsByTheAgeOfTheirModelUnknownOnesFirst() {
    try (QdrantItemStore store = unreachable()) {
      List<String> ours = List.of("items_bbbbbbbbbbbb", "items_aaaaaaaaaaaa", "items_999999999999",
          "items_cccccccccccc");
      List<String> versions = List.of("gsasrec-cccccccccccccccc", "gsasrec-aaaaaaaaaaaaaaaa",
          "gsasrec-bbbbbbbbbbbbbbbb", "not-a-version");
      assertThat(store.oldestFirst(ours, versions)).containsExactly("items_999999999999",
          "items_cccccccccccc", "items_aaaaaaaaaaaa", "items_bbbbbbbbbbbb");
    }
  }

  @Test
  void anUnreachableServerIsReportedNotThrown() {
    try (QdrantItemStore store = unreachable()) {
      var probe = store.probe();
      assertThat(probe.reachable()).isFalse();
      assertThat(probe.detail()).contains("127.0.0.1:1").contains("unreachable");
    }
  }
}
