package io.recsys.recommender.bench;

import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.EventSource;
import io.recsys.schemas.avro.RatingEvent;
import io.recsys.schemas.avro.UserEmbedding;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code bench replay}: publishes a whole split (ML-1M: about 990k events) as fast as the
 * producer goes onto {@code ratings} of a running pipeline, and measures the seconds from the
 * first send until every user's embedding on {@code user-embeddings} reflects that user's
 * last event.
 *
 * <p>Event ids are new for each run, so a rerun is not dropped as duplicates. Event times
 * are "now" plus the event's step in its user's sequence (in ms): a user's events keep their
 * order, the whole run spans only a few seconds of event time, and a rerun is newer than
 * every earlier run, so each user's last event is the newest of its history.
 */
public final class ReplayBenchmark {

  /**
   * @param kafka   at least {@code bootstrap.servers}
   * @param data    the users and their sequences
   * @param timeout longest wait for every user to be fresh
   */
  public record Options(Map<String, Object> kafka, UserSequences data, Duration timeout) {
    public Options {
      Objects.requireNonNull(kafka.get("bootstrap.servers"), "bootstrap.servers");
    }
  }

  private final Options options;
  private final PrintStream out;

  public ReplayBenchmark(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public Map<String, Object> run() throws InterruptedException {
    List<UserSequences.Step> steps = options.data().replayOrder();
    String runId = UUID.randomUUID().toString().substring(0, 8);
    long base = System.currentTimeMillis();
    Map<Long, Long> lastTime = new HashMap<>();
    for (UserSequences.Step s : steps) {
      if (s.last()) {
        lastTime.put(s.userId(), base + s.step());
      }
    }
    out.printf("replay: %,d events of %,d users (run %s)%n", steps.size(), lastTime.size(),
        runId);
    AtomicReference<Exception> failure = new AtomicReference<>();
    Map<Long, Long> waiting = new HashMap<>(lastTime);
    long start;
    long published;
    long freshAt = -1;
    try (KafkaConsumer<Long, UserEmbedding> embeddings = BenchKafka.tailOf(options.kafka(),
        Topics.USER_EMBEDDINGS);
         KafkaProducer<Long, RatingEvent> producer = BenchKafka.ratingsProducer(
             options.kafka(), 5)) {
      start = System.nanoTime();
      long i = 0;
      for (UserSequences.Step s : steps) {
        RatingEvent event = new RatingEvent("bench-replay-" + runId + "-" + i++, s.userId(),
            s.movieId(), null, Instant.ofEpochMilli(base + s.step()), EventSource.REPLAY);
        producer.send(new ProducerRecord<>(Topics.RATINGS.name(), s.userId(), event),
            (meta, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              }
            });
        if (i % 100_000 == 0) {
          out.printf("replay: %,d events sent after %.1f s%n", i, seconds(start));
          drain(embeddings, waiting, Duration.ZERO); // keep up with the tail while sending
        }
        if (failure.get() != null) {
          throw new IllegalStateException("publishing failed: " + failure.get().getMessage(),
              failure.get());
        }
      }
      producer.flush();
      published = System.nanoTime();
      out.printf("replay: all %,d events published in %.1f s; waiting for %,d users%n",
          steps.size(), (published - start) / 1e9, waiting.size());
      long deadline = System.nanoTime() + options.timeout().toNanos();
      long lastReport = System.nanoTime();
      while (!waiting.isEmpty() && System.nanoTime() < deadline) {
        drain(embeddings, waiting, Duration.ofMillis(100));
        if (System.nanoTime() - lastReport > 5_000_000_000L) {
          out.printf("replay: %,d users not fresh yet after %.1f s%n", waiting.size(),
              seconds(start));
          lastReport = System.nanoTime();
        }
      }
      if (waiting.isEmpty()) {
        freshAt = System.nanoTime();
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("benchmark", "replay");
    result.put("events", steps.size());
    result.put("users", lastTime.size());
    result.put("publish_seconds", round((published - start) / 1e9));
    result.put("seconds_to_fresh", freshAt < 0 ? null : round((freshAt - start) / 1e9));
    result.put("events_per_s", freshAt < 0 ? null
        : round(steps.size() / ((freshAt - start) / 1e9)));
    result.put("users_not_fresh", waiting.size());
    if (freshAt < 0) {
      out.printf("replay: %,d users still not fresh after the %s timeout%n", waiting.size(),
          options.timeout());
    }
    return result;
  }

  private static void drain(KafkaConsumer<Long, UserEmbedding> consumer, Map<Long, Long> waiting,
                            Duration wait) {
    for (ConsumerRecord<Long, UserEmbedding> r : consumer.poll(wait)) {
      Long target = waiting.get(r.key());
      if (target != null && r.value() != null
          && r.value().getSourceEventTime().toEpochMilli() >= target) {
        waiting.remove(r.key());
      }
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
