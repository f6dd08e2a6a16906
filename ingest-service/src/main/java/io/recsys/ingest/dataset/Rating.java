package io.recsys.ingest.dataset;

/** One interaction from a dataset; rating is null for implicit data, time in epoch millis. */
public record Rating(long userId, long movieId, Float rating, long timeMillis) {
}
