package io.recsys.recommender.topology;

import io.recsys.schemas.avro.RatingEvent;

/** A record from {@code ratings} after validation: either the event or why it was refused. */
record CheckedRating(RatingEvent event, byte[] rawKey, byte[] rawValue, String errorClass,
                     String error) {

  static CheckedRating valid(RatingEvent event) {
    return new CheckedRating(event, null, null, null, null);
  }

  static CheckedRating invalid(byte[] rawKey, byte[] rawValue, String errorClass, String error) {
    return new CheckedRating(null, rawKey, rawValue, errorClass, error);
  }

  boolean isValid() {
    return event != null;
  }
}
