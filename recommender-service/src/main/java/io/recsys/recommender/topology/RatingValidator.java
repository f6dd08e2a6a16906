package io.recsys.recommender.topology;

import io.recsys.schemas.DlqHeaders;
import io.recsys.schemas.RatingRules;
import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.RatingEvent;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Reads raw {@code ratings} records. Anything that cannot be decoded or breaks
 * {@link RatingRules} (or whose key is not its user id) goes on as invalid, with DLQ headers
 * saying why and where from, so one poison record never stops the application.
 */
final class RatingValidator implements Processor<byte[], byte[], Long, CheckedRating> {

  private final RecomputeListener listener;
  private ProcessorContext<Long, CheckedRating> context;

  RatingValidator(RecomputeListener listener) {
    this.listener = listener;
  }

  @Override
  public void init(ProcessorContext<Long, CheckedRating> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    String topic = Topics.RATINGS.name();
    RatingEvent event;
    Long key;
    try {
      key = Topics.RATINGS.keySerde().deserializer().deserialize(topic, record.key());
      event = Topics.RATINGS.valueSerde().deserializer().deserialize(topic, record.value());
    } catch (RuntimeException e) {
      reject(record, e.getClass().getSimpleName(), e.getMessage());
      return;
    }
    if (event == null) {
      reject(record, "MissingValue", "a ratings record needs a value");
      return;
    }
    List<String> problems = RatingRules.violations(event);
    if (!problems.isEmpty()) {
      reject(record, "InvalidRatingEvent", String.join("; ", problems));
      return;
    }
    if (key == null || key != event.getUserId()) {
      reject(record, "WrongKey", "key " + key + " is not the event's user id "
          + event.getUserId());
      return;
    }
    context.forward(record.withKey(key).withValue(CheckedRating.valid(event)));
  }

  private void reject(Record<byte[], byte[]> record, String errorClass, String message) {
    RecordMetadata origin = context.recordMetadata().orElse(null);
    var headers = DlqHeaders.describe(errorClass, message,
        origin == null ? Topics.RATINGS.name() : origin.topic(),
        origin == null ? -1 : origin.partition(), origin == null ? -1 : origin.offset(),
        Instant.ofEpochMilli(context.currentSystemTimeMs()));
    listener.eventRejected(errorClass);
    for (Header h : record.headers()) {
      headers.add(h);
    }
    context.forward(new Record<>(-1L, CheckedRating.invalid(record.key(), record.value(),
        errorClass, message), record.timestamp(), headers));
  }
}
