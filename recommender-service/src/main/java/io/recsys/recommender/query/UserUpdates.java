package io.recsys.recommender.query;

import io.recsys.schemas.avro.CatalogItem;
import io.recsys.schemas.avro.EventSource;
import io.recsys.schemas.avro.RatingEvent;
import io.recsys.schemas.avro.ScoredItem;
import io.recsys.schemas.kafka.RatingPublisher;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Applies a user's new interaction with read-your-writes: registers to hear of the user's
 * recomputation, publishes the event durably, then waits until the recomputed state includes
 * it (or the timeout passes, and the answer says it is still pending).
 */
public final class UserUpdates {

  /** What became of an update. */
  public record Result(long userId, long movieId, String eventId, int partition, long offset,
                       long elapsedMicros, UpdateNotifier.Update update, UserUpdates owner) {

    public boolean pending() {
      return update == null;
    }

    public Map<String, Object> toBody() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", pending() ? "pending" : "updated");
      body.put("pending", pending());
      body.put("user_id", userId);
      body.put("movie_id", movieId);
      body.put("event_id", eventId);
      body.put("partition", partition);
      body.put("offset", offset);
      body.put("latency_ms", elapsedMicros / 1000.0);
      if (update != null) {
        body.putAll(owner.describe(update));
      }
      return body;
    }
  }

  private final RatingPublisher publisher;
  private final UpdateNotifier notifier;
  private final MovieCatalog catalog;
  private final Clock clock;

  public UserUpdates(RatingPublisher publisher, UpdateNotifier notifier, MovieCatalog catalog,
                     Clock clock) {
    this.publisher = publisher;
    this.notifier = notifier;
    this.catalog = catalog;
    this.clock = clock;
  }

  public Mono<Result> apply(long userId, long movieId, Float rating, Duration timeout) {
    long start = System.nanoTime();
    String eventId = UUID.randomUUID().toString();
    RatingEvent event = new RatingEvent(eventId, userId, movieId, rating, clock.instant(),
        EventSource.HTTP);
    Mono<UpdateNotifier.Update> reflected = notifier.awaitEvent(userId, eventId, timeout).cache();
    reflected.subscribe(); // listen before publishing, so the update cannot slip past
    return Mono.fromFuture(() -> publisher.publish(event))
        .subscribeOn(Schedulers.boundedElastic()) // send may block on metadata
        .flatMap(meta -> reflected
            .map(u -> new Result(userId, movieId, eventId, meta.partition(), meta.offset(),
                (System.nanoTime() - start) / 1000, u, this))
            .defaultIfEmpty(new Result(userId, movieId, eventId, meta.partition(), meta.offset(),
                (System.nanoTime() - start) / 1000, null, this)));
  }

  /** An update as clients see it: the fresh list with titles, the version and the times. */
  public Map<String, Object> describe(UpdateNotifier.Update u) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("user_id", u.embedding().getUserId());
    out.put("model_version", u.embedding().getModelVersion());
    out.put("sequence_length", u.embedding().getSequenceLength());
    out.put("source_event_time", u.embedding().getSourceEventTime().toString());
    out.put("computed_at", u.embedding().getComputedAt().toString());
    List<Map<String, Object>> items = new ArrayList<>();
    for (ScoredItem item : u.recommendations().getItems()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("movie_id", item.getMovieId());
      Optional<CatalogItem> movie = safeMovie(item.getMovieId());
      m.put("title", movie.map(CatalogItem::getTitle).orElse(null));
      m.put("genres", movie.map(CatalogItem::getGenres).orElse(List.of()));
      m.put("year", movie.map(CatalogItem::getYear).orElse(null));
      m.put("score", item.getScore());
      items.add(m);
    }
    out.put("recommendations", items);
    return out;
  }

  private Optional<CatalogItem> safeMovie(long id) {
    try {
      return catalog.movie(id);
    } catch (RuntimeException e) {
      return Optional.empty(); // titles are a courtesy here; the list itself is what matters
    }
  }
}
