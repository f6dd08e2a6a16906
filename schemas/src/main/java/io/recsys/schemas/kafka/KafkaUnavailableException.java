package io.recsys.schemas.kafka;

/**
 * Kafka did not confirm (all of) the events in time, or refused them for a reason that may pass:
 * the client must not assume they were published and may retry later, ideally with the same
 * event ids so that consumers drop any repeats.
 */
public class KafkaUnavailableException extends RuntimeException {

  private final int events;

  public KafkaUnavailableException(String message, int events, Throwable cause) {
    super(message, cause);
    this.events = events;
  }

  /** How many events of the request were refused. */
  public int events() {
    return events;
  }
}
