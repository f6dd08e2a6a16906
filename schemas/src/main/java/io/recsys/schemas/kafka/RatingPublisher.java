package io.recsys.schemas.kafka;

import io.recsys.schemas.Topic;
import io.recsys.schemas.avro.RatingEvent;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Publishes rating events on the ratings topic, keyed by user id. Every send is asynchronous; the
 * returned futures complete when the broker has acknowledged (acks=all) every event, or fail with
 * {@link KafkaUnavailableException} as soon as one event cannot be confirmed.
 *
 * <p>{@code send} may block the calling thread (metadata, full buffer) for up to max.block.ms,
 * so callers on an event loop must hop to a thread that may block first.
 */
public final class RatingPublisher implements AutoCloseable {

  private final Producer<Long, RatingEvent> producer;
  private final String topic;
  private final Duration closeTimeout;

  public RatingPublisher(Producer<Long, RatingEvent> producer, Topic<Long, RatingEvent> topic,
                         Duration closeTimeout) {
    this.producer = producer;
    this.topic = topic.name();
    this.closeTimeout = closeTimeout;
  }

  public String topic() {
    return topic;
  }

  /** Sends every event; the future holds their metadata in the order of {@code events}. */
  public CompletableFuture<List<RecordMetadata>> publishAll(List<RatingEvent> events) {
    CompletableFuture<List<RecordMetadata>> done = new CompletableFuture<>();
    if (events.isEmpty()) {
      done.complete(List.of());
      return done;
    }
    RecordMetadata[] results = new RecordMetadata[events.size()];
    AtomicInteger remaining = new AtomicInteger(events.size());
    for (int i = 0; i < events.size() && !done.isDone(); i++) {
      RatingEvent event = events.get(i);
      int index = i;
      try {
        producer.send(new ProducerRecord<>(topic, event.getUserId(), event), (metadata, error) -> {
          if (error != null) {
            done.completeExceptionally(translate(error, events.size()));
          } else {
            results[index] = metadata;
            if (remaining.decrementAndGet() == 0) {
              done.complete(Arrays.asList(results));
            }
          }
        });
      } catch (RuntimeException e) {
        done.completeExceptionally(translate(e, events.size()));
      }
    }
    return done;
  }

  /** Sends one event. */
  public CompletableFuture<RecordMetadata> publish(RatingEvent event) {
    return publishAll(List.of(event)).thenApply(list -> list.get(0));
  }

  @Override
  public void close() {
    producer.close(closeTimeout);
  }

  static RuntimeException translate(Throwable error, int events) {
    if (error instanceof SerializationException || error instanceof RecordTooLargeException) {
      // a bug of ours, not a passing condition: surfaces as a 500
      return new IllegalStateException("Cannot publish rating events: " + error, error);
    }
    return new KafkaUnavailableException("Kafka did not confirm " + (events == 1 ? "the event"
        : "all " + events + " events") + ": " + error.getMessage(), events, error);
  }
}
