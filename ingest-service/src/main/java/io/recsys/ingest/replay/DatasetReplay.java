package io.recsys.ingest.replay;

import io.recsys.ingest.dataset.Dataset;
import io.recsys.ingest.dataset.DatasetLocation;
import io.recsys.ingest.dataset.Movie;
import io.recsys.ingest.dataset.Rating;
import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.CatalogItem;
import io.recsys.schemas.avro.EventSource;
import io.recsys.schemas.avro.RatingEvent;
import java.io.PrintStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes a dataset onto the topics: its catalogue on {@code catalog}, then its events on
 * {@code ratings} in replay order, optionally paced to a rate. Event ids are derived from the
 * data, so replaying the same dataset twice yields the same ids and consumers drop the repeats.
 */
public final class DatasetReplay {

  public record Options(Dataset dataset, double eventsPerSecond, int maxUsers,
                        boolean includeCatalog) {
    public boolean unlimited() {
      return eventsPerSecond <= 0;
    }
  }

  public record Result(long events, long catalogItems, double seconds) {
    public double eventsPerSecond() {
      return seconds > 0 ? events / seconds : 0;
    }
  }

  private final Map<String, Object> kafkaConfig;
  private final DatasetLocation location;
  private final PrintStream out;

  /** @param kafkaConfig at least {@code bootstrap.servers}; security settings pass through */
  public DatasetReplay(Map<String, Object> kafkaConfig, DatasetLocation location, PrintStream out) {
    this.kafkaConfig = Map.copyOf(kafkaConfig);
    this.location = location;
    this.out = out;
  }

  public Result run(Options options) {
    List<Rating> events = options.dataset().events(location, options.maxUsers());
    long catalogItems = options.includeCatalog() ? publishCatalog(options.dataset()) : 0;
    String prefix = options.dataset().cliName() + ":";
    AtomicReference<Exception> failure = new AtomicReference<>();
    Callback onAck = (meta, e) -> {
      if (e != null) {
        failure.compareAndSet(null, e);
      }
    };
    ProgressMeter progress = new ProgressMeter("replay " + options.dataset().cliName(),
        events.size(), out);
    long start = System.nanoTime();
    double nanosPerEvent = options.unlimited() ? 0 : 1e9 / options.eventsPerSecond();
    try (KafkaProducer<Long, RatingEvent> producer = new KafkaProducer<>(producerConfig(),
        Topics.RATINGS.keySerde().serializer(), Topics.RATINGS.valueSerde().serializer())) {
      for (int i = 0; i < events.size(); i++) {
        if (failure.get() != null) {
          break;
        }
        if (!options.unlimited()) {
          long due = start + (long) (i * nanosPerEvent);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
        }
        Rating r = events.get(i);
        RatingEvent event = new RatingEvent(prefix + r.userId() + ":" + r.movieId() + ":"
            + r.timeMillis(), r.userId(), r.movieId(), r.rating(),
            Instant.ofEpochMilli(r.timeMillis()), EventSource.REPLAY);
        producer.send(new ProducerRecord<>(Topics.RATINGS.name(), r.userId(), event), onAck);
        progress.advance(1);
      }
      producer.flush();
    }
    double seconds = progress.finish();
    if (failure.get() != null) {
      throw new IllegalStateException("Replay stopped after " + progress.done() + " events: "
          + failure.get().getMessage(), failure.get());
    }
    return new Result(events.size(), catalogItems, seconds);
  }

  /** Publishes the movie catalogue of {@code dataset} onto {@code catalog}; returns how many. */
  public long publishCatalog(Dataset dataset) {
    List<Movie> movies = dataset.catalog(location);
    try (KafkaProducer<Long, CatalogItem> producer = new KafkaProducer<>(producerConfig(),
        Topics.CATALOG.keySerde().serializer(), Topics.CATALOG.valueSerde().serializer())) {
      for (Movie m : movies) {
        producer.send(new ProducerRecord<>(Topics.CATALOG.name(), m.movieId(),
            new CatalogItem(m.movieId(), m.title(), m.genres(), m.year())));
      }
      producer.flush();
    }
    out.printf("catalog: %,d movies of %s published%n", movies.size(), dataset.cliName());
    return movies.size();
  }

  private Map<String, Object> producerConfig() {
    Map<String, Object> config = new HashMap<>(kafkaConfig);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 10);
    config.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TimeUnit.MINUTES.toMillis(2));
    return config;
  }
}
