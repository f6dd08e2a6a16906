package io.recsys.recommender.query;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.recsys.recommender.streams.RecommenderStreams;
import io.recsys.recommender.topology.StoreNames;
import java.util.function.DoubleSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import java.util.function.ToDoubleFunction;

/**
 * The figures of /stats that are states rather than events, as Prometheus gauges: users and
 * items in the stores, consumer lag, and the machine's memory and disk (CPU comes from
 * Spring Boot's own {@code process_cpu_usage} and {@code system_cpu_usage}). A gauge that
 * cannot be read now (e.g. during a rebalance) reports NaN rather than failing the scrape.
 */
public final class ServiceGauges {

  public static final String USERS = "recsys.users";
  public static final String ITEMS = "recsys.items";
  public static final String LAG = "recsys.consumer.lag";

  static final long USER_COUNT_MAX_AGE_NANOS = 10_000_000_000L;

  private final RecommenderStreams streams;
  private final MovieCatalog catalog;
  private long userCount = -1;
  private long userCountAt;

  public ServiceGauges(MeterRegistry registry, RecommenderStreams streams, MovieCatalog catalog,
                       SystemUsage system) {
    this.streams = streams;
    this.catalog = catalog;
    gauge(USERS, "users with a history on this instance", this::users)
        .register(registry);
    gauge(ITEMS, "movies in the catalogue", this::items).register(registry);
    gauge(LAG, "ratings not yet read by this instance", this::lag)
        .register(registry);
    gauge("recsys.system.memory.size", "machine memory", system::ramTotalBytes)
        .baseUnit("bytes").register(registry);
    gauge("recsys.system.memory.free", "free machine memory", system::ramFreeBytes)
        .baseUnit("bytes").register(registry);
    gauge("recsys.state.disk.free", "free disk where the state lives",
        system::diskFreeBytes).baseUnit("bytes").register(registry);
  }

  private static Gauge.Builder<DoubleSupplier> gauge(String name, String description,
                                                     DoubleSupplier value) {
    ToDoubleFunction<DoubleSupplier> read = s -> {
      try {
        return s.getAsDouble();
      } catch (RuntimeException e) {
        return Double.NaN;
      }
    };
    return Gauge.builder(name, value, read).description(description).strongReference(true);
  }

  /**
   * Users whose state this instance owns, counted exactly (RocksDB's own estimate counts
   * overwrites until compaction, many times the truth after a replay) and at most every
   * {@link #USER_COUNT_MAX_AGE_NANOS}, since counting reads the whole store.
   */
  public synchronized long users() {
    long now = System.nanoTime();
    if (userCount < 0 || now - userCountAt > USER_COUNT_MAX_AGE_NANOS) {
      long n = 0;
      try (KeyValueIterator<Object, Object> it = streams.store(StoreNames.USER_HISTORIES).all()) {
        while (it.hasNext()) {
          it.next();
          n++;
        }
      }
      userCount = n;
      userCountAt = now;
    }
    return userCount;
  }

  public long items() {
    return catalog.size();
  }

  public double lag() {
    return streams.consumerLag().getOrDefault(io.recsys.schemas.Topics.RATINGS.name(), 0L);
  }
}
