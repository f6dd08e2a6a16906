package io.recsys.recommender.query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.recsys.index.filter.IdSet;
import io.recsys.recommender.history.UserHistory;
import io.recsys.recommender.topology.RecomputeListener;
import io.recsys.schemas.avro.RatingEvent;
import io.recsys.schemas.avro.Recommendations;
import io.recsys.schemas.avro.UserEmbedding;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * What a query needs of a user, decoded once: the movies seen and the stored embedding. Two
 * RocksDB reads and their decoding were a fifth of a {@code /recommend_fast} request's CPU.
 *
 * <p>The stream thread keeps it current: it drops a user when an event changed the history
 * (after the store write) and puts the user's new state when the embedding is recomputed.
 * A query that misses reads the stores and keeps what it read only if the stream thread
 * changed nothing since it began reading, so a read racing a write is never kept. Both sides
 * change an entry inside the map's per-key {@code compute}, which orders them. A rebalance
 * or restore clears everything: another instance may have changed those users meanwhile.
 */
public final class UserStateCache implements RecomputeListener {

  /**
   * @param seen         every movie in the history, to exclude
   * @param vector       the stored embedding; null when none is stored
   * @param modelVersion the model that made it; null when none is stored
   */
  public record UserState(IdSet seen, float[] vector, String modelVersion) {

    public static UserState of(UserHistory history, UserEmbedding embedding) {
      IdSet seen = history == null ? IdSet.empty() : IdSet.of(history.movieIds());
      if (embedding == null) {
        return new UserState(seen, null, null);
      }
      List<Float> v = embedding.getVector();
      float[] vector = new float[v.size()];
      for (int i = 0; i < vector.length; i++) {
        vector[i] = v.get(i);
      }
      return new UserState(seen, vector, embedding.getModelVersion());
    }
  }

  /** An entry is valid only in the epoch it was read in; {@link #clear()} starts a new one. */
  private record Entry(UserState state, long epoch) {
  }

  private final Cache<Long, Entry> cache;
  /** Counts every change the stream thread made; a read that saw it move is not kept. */
  private final AtomicLong changes = new AtomicLong();
  private final AtomicLong epoch = new AtomicLong();

  /** @param maxUsers most users kept; 0 keeps none (every query reads the stores) */
  public UserStateCache(long maxUsers) {
    this.cache = Caffeine.newBuilder().maximumSize(maxUsers).build();
  }

  /**
   * The user's state: cached, or read now by {@code reader} (null when the user has none).
   */
  public UserState get(long userId, LongFunction<UserState> reader) {
    long readEpoch = epoch.get();
    Entry cached = cache.getIfPresent(userId);
    if (cached != null && cached.epoch() == readEpoch) {
      return cached.state();
    }
    long before = changes.get();
    UserState read = reader.apply(userId);
    if (read != null) {
      cache.asMap().compute(userId, (id, current) ->
          changes.get() != before || (current != null && current.epoch() == readEpoch)
              ? current : new Entry(read, readEpoch));
    }
    return read;
  }

  /** Users cached now (some may be of an earlier epoch, waiting for eviction). */
  public long size() {
    return cache.estimatedSize();
  }

  /** Forgets every user: state may have moved to or from another instance. */
  public void clear() {
    epoch.incrementAndGet();
    changes.incrementAndGet();
    cache.invalidateAll();
  }

  /** Called after the event's history write: the user's seen movies changed. */
  @Override
  public void eventApplied(RatingEvent event) {
    changes.incrementAndGet();
    cache.asMap().compute(event.getUserId(), (id, current) -> null);
  }

  @Override
  public void recomputed(UserHistory history, UserEmbedding embedding,
                         Recommendations recommendations) {
    changes.incrementAndGet();
    Entry fresh = new Entry(UserState.of(history, embedding), epoch.get());
    cache.asMap().compute(embedding.getUserId(), (id, current) -> fresh);
  }
}
