package io.recsys.recommender.query;

import io.recsys.recommender.history.UserHistory;
import io.recsys.recommender.topology.RecomputeListener;
import io.recsys.schemas.avro.Recommendations;
import io.recsys.schemas.avro.UserEmbedding;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Learns from the stream thread when users are recomputed and tells whoever waits: a
 * read-your-writes update waiting for its event to be reflected, and live subscribers of a
 * user's recommendations. Slow subscribers miss updates rather than slowing the stream.
 */
public final class UpdateNotifier implements RecomputeListener {

  /** A recomputation as subscribers see it. */
  public record Update(UserEmbedding embedding, Recommendations recommendations) {
  }

  private record Waiter(String eventId, CompletableFuture<Update> done) {
  }

  private final Map<Long, CopyOnWriteArrayList<Waiter>> waiters = new ConcurrentHashMap<>();
  private final Sinks.Many<Update> updates = Sinks.many().multicast().directBestEffort();

  @Override
  public void recomputed(UserHistory history, UserEmbedding embedding,
                         Recommendations recommendations) {
    Update update = new Update(embedding, recommendations);
    var list = waiters.get(embedding.getUserId());
    if (list != null) {
      for (Waiter w : list) {
        if (history.containsEvent(w.eventId())) {
          w.done().complete(update);
          list.remove(w);
        }
      }
    }
    synchronized (updates) { // the sink allows one emitter at a time; stream threads may race
      updates.tryEmitNext(update);
    }
  }

  /**
   * Completes with the user's first recomputation that includes the event, or empty after
   * the timeout. Register before publishing the event, so the update cannot be missed.
   */
  public Mono<Update> awaitEvent(long userId, String eventId, Duration timeout) {
    CompletableFuture<Update> done = new CompletableFuture<>();
    Waiter waiter = new Waiter(eventId, done);
    waiters.computeIfAbsent(userId, u -> new CopyOnWriteArrayList<>()).add(waiter);
    return Mono.fromFuture(done.orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
        .onErrorResume(TimeoutException.class, e -> Mono.empty())
        .doFinally(signal -> forget(userId, waiter));
  }

  /** Every future update of one user. */
  public Flux<Update> updatesOf(long userId) {
    return updates.asFlux().filter(u -> u.embedding().getUserId() == userId);
  }

  /** Every future update (for the console's live panel and freshness metrics). */
  public Flux<Update> allUpdates() {
    return updates.asFlux();
  }

  int waiting() {
    return waiters.values().stream().mapToInt(java.util.List::size).sum();
  }

  private void forget(long userId, Waiter waiter) {
    waiters.computeIfPresent(userId, (u, list) -> {
      list.remove(waiter);
      return list.isEmpty() ? null : list;
    });
  }

  Optional<Integer> subscriberCount() {
    return Optional.of(updates.currentSubscriberCount());
  }
}
