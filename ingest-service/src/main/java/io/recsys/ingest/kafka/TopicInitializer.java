package io.recsys.ingest.kafka;

import io.recsys.schemas.TopicCreator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the system's missing topics: once at startup and, if Kafka cannot be reached then,
 * again in the background every {@code retryInterval} until it succeeds (Kafka may start after
 * this service). Until then events are refused with 503.
 */
final class TopicInitializer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TopicInitializer.class);

  private final Map<String, Object> adminConfig;
  private final int partitions;
  private final short replicationFactor;
  private final Duration retryInterval;
  private ScheduledExecutorService retries;
  private volatile boolean done;

  TopicInitializer(Map<String, Object> adminConfig, int partitions, short replicationFactor,
                   Duration retryInterval) {
    this.adminConfig = Map.copyOf(adminConfig);
    this.partitions = partitions;
    this.replicationFactor = replicationFactor;
    this.retryInterval = retryInterval;
  }

  /** One attempt now; on failure, retries in the background. */
  synchronized void start() {
    if (attempt(true)) {
      return;
    }
    retries = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "recsys-ingest-topic-creator");
      thread.setDaemon(true);
      return thread;
    });
    long interval = retryInterval.toMillis();
    retries.scheduleWithFixedDelay(() -> {
      if (attempt(false)) {
        retries.shutdown();
      }
    }, interval, interval, TimeUnit.MILLISECONDS);
  }

  boolean done() {
    return done;
  }

  private boolean attempt(boolean first) {
    try {
      List<String> created = TopicCreator.createMissing(adminConfig, partitions, replicationFactor);
      if (!created.isEmpty()) {
        log.info("Created topics {}", created);
      }
      done = true;
      return true;
    } catch (RuntimeException e) {
      if (first) {
        log.warn("Cannot create the topics now ({}); retrying every {} s in the background, and "
            + "refusing events with 503 until Kafka answers", e.getMessage(),
            retryInterval.toSeconds());
      } else {
        log.debug("Topic creation failed again: {}", e.getMessage());
      }
      return false;
    }
  }

  @Override
  public synchronized void close() {
    if (retries != null) {
      retries.shutdownNow();
    }
  }
}
