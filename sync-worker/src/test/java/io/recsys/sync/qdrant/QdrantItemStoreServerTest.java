package io.recsys.sync.qdrant;

import io.recsys.qdrant.QdrantEndpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.qdrant.client.QdrantClient;
import io.recsys.index.IndexConfig;
import io.recsys.index.IndexKind;
import io.recsys.index.ScoredId;
import io.recsys.index.exact.ExactVectorIndex;
import io.recsys.index.filter.FilterSpec;
import io.recsys.index.filter.ItemMetadata;
import io.recsys.index.filter.ItemMetadataTable;
import io.recsys.qdrant.QdrantItemSearch;
import io.recsys.qdrant.CollectionNaming;
import io.recsys.sync.TestBundles;
import io.recsys.sync.bundle.BundleItems;
import io.recsys.sync.bundle.BundleItemsReader;
import io.recsys.qdrant.ItemPayload;
import io.recsys.sync.retry.Backoff;
import io.recsys.sync.retry.Retrier;
import io.recsys.sync.rollout.ItemVectorStore.StoreSync;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Qdrant adapter against a server: a real one and the stand-in, by the two subclasses.
 * Uses an alias of its own and deletes what it created.
 */
abstract class QdrantItemStoreServerTest {

  /** The server; skips the class (with the reason) when there is none. */
  protected abstract QdrantTargets.Target target();

  @TempDir
  Path dir;

  private String alias;
  private QdrantItemStore store;
  private QdrantClient admin;

  @BeforeEach
  void connect() {
    QdrantTargets.Target server = target();
    String url = server.url();
    alias = "synctest" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    Duration timeout = Duration.ofSeconds(10);
    store = new QdrantItemStore(QdrantEndpoint.connect(url, server.apiKey(), timeout),
        url, new CollectionNaming(alias), 2, 7, timeout,
        new Retrier(3, new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)), Retrier.Sleeper.THREAD));
    admin = QdrantEndpoint.connect(url, server.apiKey(), timeout);
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (admin == null) {
      return;
    }
    for (String c : admin.listCollectionsAsync().get(10, TimeUnit.SECONDS)) {
      if (c.startsWith(alias + "_")) {
        admin.deleteCollectionAsync(c).get(10, TimeUnit.SECONDS);
      }
    }
    admin.close();
    store.close();
  }

  @Test
  void rollsOutVersionsBehindTheAliasIdempotentlyAndKeepsOnlyTheNewest() throws Exception {
    assertThat(store.probe().reachable()).isTrue();
    BundleItems v1 = BundleItemsReader.read(TestBundles.synthetic(dir.resolve("v1"), 30, 8, 1));
    BundleItems v2 = BundleItemsReader.read(TestBundles.synthetic(dir.resolve("v2"), 30, 8, 2));
    BundleItems v3 = BundleItemsReader.read(TestBundles.synthetic(dir.resolve("v3"), 30, 8, 3));
    CollectionNaming naming = new CollectionNaming(alias);

    StoreSync first = store.sync(v1, ItemPayload::unknown, List.of(v1.modelVersion()));
    assertThat(first.pointsWritten()).isEqualTo(30);
    assertThat(first.aliasSwapped()).isTrue();
    assertThat(admin.countAsync(alias).get(10, TimeUnit.SECONDS)).isEqualTo(30);

    StoreSync again = store.sync(v1, ItemPayload::unknown, List.of(v1.modelVersion()));
    assertThat(again.pointsWritten()).isZero();
    assertThat(again.aliasSwapped()).isFalse();

    store.sync(v2, ItemPayload::unknown, List.of(v1.modelVersion(), v2.modelVersion()));
    StoreSync third = store.sync(v3, ItemPayload::unknown,
        List.of(v1.modelVersion(), v2.modelVersion(), v3.modelVersion()));
    assertThat(third.deleted()).containsExactly(naming.collectionFor(v1.modelVersion()));
    assertThat(admin.listCollectionsAsync().get(10, TimeUnit.SECONDS))
        .contains(naming.collectionFor(v2.modelVersion()), naming.collectionFor(v3.modelVersion()))
        .doesNotContain(naming.collectionFor(v1.modelVersion()));
    assertThat(admin.listAliasesAsync().get(10, TimeUnit.SECONDS))
        .filteredOn(a -> a.getAliasName().equals(alias))
        .singleElement().satisfies(a -> assertThat(a.getCollectionName())
            .isEqualTo(naming.collectionFor(v3.modelVersion())));
  }

  @Test
  void filteredSearchOnTheCollectionGivesTheExactLocalIndexAnswers() throws Exception {
    BundleItems bundle = BundleItemsReader.read(TestBundles.synthetic(dir.resolve("f"), 60, 8, 4));
    String[] genres = {"Comedy", "Drama", "Action"};
    List<ItemMetadata> metadata = new ArrayList<>();
    long[] ids = bundle.table().ids();
    for (int i = 0; i < ids.length; i++) {
      metadata.add(new ItemMetadata(ids[i], Set.of(genres[i % 3]), 1980 + i % 20, 1 + i % 5));
    }
    store.sync(bundle, id -> {
      ItemMetadata m = metadata.get(indexOf(ids, id));
      return new ItemPayload(id, "Movie " + id, List.copyOf(m.genres()), m.year(), 10,
          (double) m.avgRating());
    }, List.of(bundle.modelVersion()));
    String collection = new CollectionNaming(alias).collectionFor(bundle.modelVersion());
    QdrantItemSearch search = new QdrantItemSearch(admin, true, Duration.ofSeconds(10));
    try (ExactVectorIndex local = ExactVectorIndex.build(bundle.table(),
        IndexConfig.defaults(IndexKind.EXACT))) {
      ItemMetadataTable table = ItemMetadataTable.of(local.ids(), metadata);
      FilterSpec spec = FilterSpec.none().withGenresAnyOf(List.of("Comedy", "Action"))
          .withYearRange(1985, 1995).withExcludedIds(Set.of(ids[3], ids[6]));
      float[] user = bundle.vector(0);
      List<Long> expected = local.search(user, 5, table.compile(spec)).toList().stream()
          .map(ScoredId::id).toList();
      List<Long> actual = search.search(collection, user, 5, spec).stream().map(ScoredId::id)
          .toList();
      assertThat(actual).isEqualTo(expected);
    }
  }

  private static int indexOf(long[] ids, long id) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == id) {
        return i;
      }
    }
    throw new IllegalArgumentException("no item " + id);
  }
}
