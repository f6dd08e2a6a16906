package io.recsys.recommender.query;

import io.recsys.index.filter.ItemMetadata;
import io.recsys.recommender.streams.RecommenderStreams;
import io.recsys.recommender.topology.StoreNames;
import io.recsys.schemas.avro.CatalogItem;
import io.recsys.schemas.avro.ItemStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The query side's view of the movies: titles, genres and years from the catalogue, counts
 * and average ratings from the item statistics (both global tables, complete on every
 * instance), and what follows from them: filter metadata and the most popular movies.
 */
public final class MovieCatalog {

  private final RecommenderStreams streams;
  /**
   * The catalogue in memory, rebuilt with the filter metadata: every answer describes up to
   * k movies, and a map lookup spares k store reads and Avro decodings per query. A movie
   * added since the last rebuild is read from the store.
   */
  private volatile Map<Long, CatalogItem> snapshot = Map.of();

  public MovieCatalog(RecommenderStreams streams) {
    this.streams = streams;
  }

  public Optional<CatalogItem> movie(long movieId) {
    CatalogItem cached = snapshot.get(movieId);
    if (cached != null) {
      return Optional.of(cached);
    }
    ReadOnlyKeyValueStore<Long, CatalogItem> store = streams.store(StoreNames.CATALOG);
    return Optional.ofNullable(store.get(movieId));
  }

  public Optional<ItemStats> stats(long movieId) {
    ReadOnlyKeyValueStore<Long, ItemStats> store = streams.store(StoreNames.ITEM_STATS);
    return Optional.ofNullable(store.get(movieId));
  }

  public long size() {
    ReadOnlyKeyValueStore<Long, CatalogItem> store = streams.store(StoreNames.CATALOG);
    return store.approximateNumEntries();
  }

  /** Filter attributes of every catalogued movie; also rebuilds the in-memory catalogue. */
  public List<ItemMetadata> metadata() {
    ReadOnlyKeyValueStore<Long, CatalogItem> catalog = streams.store(StoreNames.CATALOG);
    ReadOnlyKeyValueStore<Long, ItemStats> stats = streams.store(StoreNames.ITEM_STATS);
    List<ItemMetadata> out = new ArrayList<>(4_096);
    Map<Long, CatalogItem> movies = new HashMap<>(8_192);
    try (KeyValueIterator<Long, CatalogItem> it = catalog.all()) {
      while (it.hasNext()) {
        KeyValue<Long, CatalogItem> e = it.next();
        movies.put(e.key, e.value);
        ItemStats s = stats.get(e.key);
        float avg = s == null || s.getAverageRating() == null ? Float.NaN
            : s.getAverageRating().floatValue();
        Integer year = e.value.getYear();
        out.add(new ItemMetadata(e.key, new HashSet<>(e.value.getGenres()),
            year == null ? ItemMetadata.UNKNOWN_YEAR : year, avg));
      }
    }
    snapshot = movies;
    return out;
  }

  /** The {@code n} movies with the most interactions, most first. */
  public List<ItemStats> mostPopular(int n) {
    ReadOnlyKeyValueStore<Long, ItemStats> stats = streams.store(StoreNames.ITEM_STATS);
    PriorityQueue<ItemStats> top = new PriorityQueue<>(
        Comparator.comparingLong(ItemStats::getInteractionCount));
    try (KeyValueIterator<Long, ItemStats> it = stats.all()) {
      while (it.hasNext()) {
        top.add(it.next().value);
        if (top.size() > n) {
          top.poll();
        }
      }
    }
    List<ItemStats> out = new ArrayList<>(top);
    out.sort(Comparator.comparingLong(ItemStats::getInteractionCount).reversed()
        .thenComparingLong(ItemStats::getMovieId));
    return out;
  }
}
