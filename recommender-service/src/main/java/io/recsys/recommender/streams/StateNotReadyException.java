package io.recsys.recommender.streams;

/** The state cannot be read now (starting, rebalancing, restoring): answer 503, retry soon. */
public final class StateNotReadyException extends RuntimeException {

  public StateNotReadyException(String message) {
    super(message);
  }
}
