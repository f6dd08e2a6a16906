package io.recsys.sync.metadata;

import io.recsys.qdrant.ItemPayload;
import io.recsys.schemas.avro.CatalogItem;
import io.recsys.schemas.avro.ItemStats;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The latest catalogue entry and rating statistics of every movie, as read from the compacted
 * {@code catalog} and {@code item-stats} topics; the source of Qdrant payloads. Thread-safe:
 * one consumer writes while rollouts read.
 */
public final class ItemMetadataStore {

  private record Catalogued(String title, List<String> genres, Integer year) {
  }

  private record Rated(long count, Double average) {
  }

  private final Map<Long, Catalogued> catalog = new ConcurrentHashMap<>();
  private final Map<Long, Rated> stats = new ConcurrentHashMap<>();
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  // movies whose payload changed since Qdrant was last told; drained by the debounced flush
  private final Set<Long> changed = ConcurrentHashMap.newKeySet();

  public void apply(CatalogItem item) {
    List<String> genres = item.getGenres().stream().map(CharSequence::toString).toList();
    catalog.put(item.getMovieId(), new Catalogued(item.getTitle().toString(), genres, item.getYear()));
    changed.add(item.getMovieId());
  }

  public void apply(ItemStats item) {
    stats.put(item.getMovieId(), new Rated(item.getRatingCount(), item.getAverageRating()));
    changed.add(item.getMovieId());
  }

  /** A tombstone on either topic forgets that part of the movie. */
  public void removeCatalog(long movieId) {
    catalog.remove(movieId);
    changed.add(movieId);
  }

  public void removeStats(long movieId) {
    stats.remove(movieId);
    changed.add(movieId);
  }

  /**
   * The movies changed since the last drain, forgotten here; hand them back with
   * {@link #restoreChanged} when they could not be applied, so nothing is lost.
   */
  public Set<Long> drainChanged() {
    Set<Long> out = new HashSet<>();
    for (Iterator<Long> it = changed.iterator(); it.hasNext(); ) {
      out.add(it.next());
      it.remove();
    }
    return out;
  }

  public void restoreChanged(Collection<Long> movieIds) {
    changed.addAll(movieIds);
  }

  public int changedCount() {
    return changed.size();
  }

  public ItemPayload payloadOf(long movieId) {
    Catalogued c = catalog.get(movieId);
    Rated r = stats.get(movieId);
    return new ItemPayload(movieId, c == null ? null : c.title(),
        c == null ? List.of() : c.genres(), c == null ? null : c.year(),
        r == null ? 0 : r.count(), r == null ? null : r.average());
  }

  public int catalogSize() {
    return catalog.size();
  }

  public int statsSize() {
    return stats.size();
  }

  /** Whether both topics have been read up to the end offsets they had at start-up. */
  public boolean isCaughtUp() {
    return caughtUp.getCount() == 0;
  }

  public void markCaughtUp() {
    caughtUp.countDown();
  }

  /** Waits until caught up or the time is over; true when caught up. */
  public boolean awaitCaughtUp(Duration wait) throws InterruptedException {
    return caughtUp.await(wait.toMillis(), TimeUnit.MILLISECONDS);
  }
}
