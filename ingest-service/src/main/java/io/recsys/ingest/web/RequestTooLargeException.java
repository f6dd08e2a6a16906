package io.recsys.ingest.web;

/** The body (or the number of events in a batch) is over the configured limit: 413. */
public class RequestTooLargeException extends RuntimeException {

  public RequestTooLargeException(String message) {
    super(message);
  }
}
