package io.recsys.recommender.web;

import io.recsys.recommender.config.RecommenderProperties;
import io.recsys.recommender.history.UserHistory;
import io.recsys.recommender.query.MovieCatalog;
import io.recsys.recommender.routing.PeerClient;
import io.recsys.recommender.routing.UserRoute;
import io.recsys.recommender.routing.UserRouter;
import io.recsys.recommender.streams.RecommenderStreams;
import io.recsys.recommender.streams.StateNotReadyException;
import io.recsys.recommender.topology.StoreNames;
import io.recsys.schemas.avro.CatalogItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * What the web console at {@code /} reads besides the query API: a user's history with movie
 * details (from the instance that owns the user) and where the ingest API is.
 */
@RestController
public class ConsoleController {

  private final RecommenderStreams streams;
  private final MovieCatalog catalog;
  private final UserRouter router;
  private final PeerClient peers;
  private final RecommenderProperties props;

  public ConsoleController(RecommenderStreams streams, MovieCatalog catalog, UserRouter router,
                           PeerClient peers, RecommenderProperties props) {
    this.streams = streams;
    this.catalog = catalog;
    this.router = router;
    this.peers = peers;
    this.props = props;
  }

  @GetMapping("/console/config")
  public Map<String, Object> config() {
    return Map.of("ingest_url", props.ingestUrl());
  }

  /** The user's interactions, oldest first, with title, genres and year where the catalogue has them. */
  @GetMapping("/users/{user_id}/history")
  public Mono<ResponseEntity<Map<String, Object>>> history(
      @PathVariable("user_id") long userId,
      @RequestHeader(name = PeerClient.FORWARDED_BY, required = false) String forwardedBy) {
    RequestChecks checks = RequestChecks.of(props);
    checks.id("user_id", userId);
    checks.done();
    UserRoute route = router.route(userId);
    if (!route.local()) {
      if (forwardedBy != null) {
        return Mono.error(new StateNotReadyException("user " + userId + " is moving between instances"));
      }
      return peers.get(route.address(), "/users/" + userId + "/history");
    }
    return Mono.fromSupplier(() -> ResponseEntity.ok()
        .header(PeerClient.SERVED_BY, route.address()).body(describe(userId)));
  }

  private Map<String, Object> describe(long userId) {
    UserHistory history = streams.<Long, UserHistory>store(StoreNames.USER_HISTORIES).get(userId);
    List<Map<String, Object>> events = new ArrayList<>();
    if (history != null) {
      for (UserHistory.Interaction i : history.interactions()) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("movie_id", i.movieId());
        Optional<CatalogItem> movie = catalog.movie(i.movieId());
        e.put("title", movie.map(CatalogItem::getTitle).orElse(null));
        e.put("genres", movie.map(CatalogItem::getGenres).orElse(List.of()));
        e.put("year", movie.map(CatalogItem::getYear).orElse(null));
        e.put("rating", i.rating());
        e.put("time", Instant.ofEpochMilli(i.timeMillis()).toString());
        events.add(e);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("user_id", userId);
    out.put("events", events);
    return out;
  }
}
