package io.recsys.ingest.web;

import io.recsys.schemas.avro.EventSource;
import io.recsys.schemas.avro.RatingEvent;
import java.util.ArrayList;
import java.util.List;

/** Maps validated HTTP requests to the Avro records published on Kafka. */
final class RatingEvents {

  private RatingEvents() {
  }

  static RatingEvent toAvro(RatingRequest request) {
    // the all-args constructor: the builder's per-field default handling costs more
    return new RatingEvent(request.eventId(), request.userId(), request.movieId(),
        request.rating(), request.eventTime(), EventSource.HTTP);
  }

  static List<RatingEvent> toAvro(List<RatingRequest> requests) {
    List<RatingEvent> events = new ArrayList<>(requests.size());
    for (RatingRequest request : requests) {
      events.add(toAvro(request));
    }
    return events;
  }
}
