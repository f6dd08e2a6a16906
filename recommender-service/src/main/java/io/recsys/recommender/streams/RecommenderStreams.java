package io.recsys.recommender.streams;

import io.recsys.edge.kafka.KafkaConnectionProperties;
import io.recsys.recommender.config.RecommenderProperties;
import io.recsys.recommender.model.ServingModelHolder;
import io.recsys.recommender.topology.RecommenderTopology;
import io.recsys.recommender.topology.RecomputeListener;
import io.recsys.recommender.topology.TopologyConfig;
import io.recsys.schemas.TopicCreator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the recommender topology as a Kafka Streams application and gives the query side
 * read access to its stores. Starts after the web server, so its advertised address (for
 * interactive-query routing) carries the real port.
 */
public final class RecommenderStreams implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(RecommenderStreams.class);

  private final RecommenderProperties props;
  private final KafkaConnectionProperties kafka;
  private final ServingModelHolder models;
  private final RecomputeListener listener;
  private final int historyLength;
  private final PortSupplier port;
  private final MeterRegistry registry;
  private final Runnable onStateChange;
  private volatile KafkaStreams streams;
  private volatile KafkaStreamsMetrics metrics;

  /** The web server's port, known only once it listens. */
  @FunctionalInterface
  public interface PortSupplier {
    int port();
  }

  /**
   * @param onStateChange told of every Kafka Streams state change (rebalance, restore), on
   *                      Streams' own thread; must not block
   */
  public RecommenderStreams(RecommenderProperties props, KafkaConnectionProperties kafka,
                            ServingModelHolder models, RecomputeListener listener,
                            int historyLength, PortSupplier port, MeterRegistry registry,
                            Runnable onStateChange) {
    this.props = props;
    this.kafka = kafka;
    this.models = models;
    this.listener = listener;
    this.historyLength = historyLength;
    this.port = port;
    this.registry = registry;
    this.onStateChange = onStateChange;
  }

  @Override
  public void start() {
    TopicCreator.createMissing(kafka.clientConfig(), 0, (short) 1);
    TopologyConfig config = new TopologyConfig(historyLength, props.batchSize(),
        props.flushInterval(), props.topK(), props.commitInterval(),
        new TopologyConfig.CatchUp(props.catchUpLag(),
            props.catchUpBatchSize(), props.catchUpMaxDelay()));
    KafkaStreams created = new KafkaStreams(RecommenderTopology.build(config, models, listener),
        streamsConfig());
    created.setUncaughtExceptionHandler(e -> {
      log.error("Stream thread failed; replacing it", e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    created.setStateListener((now, before) -> {
      log.info("Streams state {} -> {}", before, now);
      onStateChange.run();
    });
    if (registry != null) {
      // every Streams, consumer and producer metric (lag, rates, RocksDB) on /actuator/prometheus
      metrics = new KafkaStreamsMetrics(created);
      metrics.bindTo(registry);
    }
    created.start();
    streams = created;
  }

  Properties streamsConfig() {
    Properties p = new Properties();
    p.putAll(kafka.clientConfig());
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, props.applicationId());
    p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, props.advertisedHost() + ":" + port.port());
    p.put(StreamsConfig.STATE_DIR_CONFIG, props.stateDir().toAbsolutePath().toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, props.processingGuarantee());
    // live outputs are committed on request within commit-interval (HistoryProcessor); this
    // interval only paces commits while catching up with a backlog
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Math.max(props.commitInterval().toMillis(),
        props.catchUpCommitInterval().toMillis()));
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, props.streamThreads());
    p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.LongSerde.class);
    // freshness: do not let an idle poll or a lingering producer hold a fresh result back
    p.put(StreamsConfig.POLL_MS_CONFIG, Math.max(1, props.flushInterval().toMillis()));
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 2);
    // the first send of a transaction often finds the previous commit's markers still being
    // written and is retried after retry.backoff.ms (100 ms by default): every live commit
    // would then hold the next outputs back that long
    p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 5);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG), 100);
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, props.stateCacheSize().toBytes());
    p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
    p.put(BoundedRocksDbMemory.TOTAL_BYTES, Long.toString(props.rocksdbMemory().toBytes()));
    // static membership: an instance that crashed and restarts under the same id gets its
    // partitions back at once, instead of everyone waiting out the dead member's session
    String instance = props.instanceId() == null || props.instanceId().isBlank()
        ? props.advertisedHost() + "-" + port.port() : props.instanceId();
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
        props.applicationId() + "-" + instance);
    long session = props.sessionTimeout().toMillis();
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), (int) session);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
        (int) Math.max(100, Math.min(3_000, session / 3)));
    return p;
  }

  @Override
  public void stop() {
    KafkaStreams running = streams;
    if (running != null) {
      // a static member does not leave on close by itself: leave, so the others take over now
      running.close(new KafkaStreams.CloseOptions().timeout(Duration.ofSeconds(30))
          .leaveGroup(true));
      streams = null;
    }
    if (metrics != null) {
      metrics.close();
      metrics = null;
    }
  }

  @Override
  public boolean isRunning() {
    return streams != null;
  }

  public KafkaStreams.State state() {
    KafkaStreams running = streams;
    return running == null ? KafkaStreams.State.NOT_RUNNING : running.state();
  }

  /** A read-only view of a key-value store, or {@link StateNotReadyException} while rebalancing. */
  public <K, V> ReadOnlyKeyValueStore<K, V> store(String name) {
    KafkaStreams running = streams;
    if (running == null || running.state() != KafkaStreams.State.RUNNING) {
      throw new StateNotReadyException("the recommender's state is " + state()
          + "; it answers once Kafka Streams is RUNNING");
    }
    try {
      return running.store(StoreQueryParameters.fromNameAndType(name,
          QueryableStoreTypes.<K, V>keyValueStore()));
    } catch (InvalidStateStoreException e) {
      throw new StateNotReadyException("store " + name + " is not queryable now ("
          + e.getMessage() + ")");
    }
  }

  /** Which instance owns a user's state. */
  public KeyQueryMetadata ownerOf(String store, long userId) {
    KafkaStreams running = streams;
    if (running == null || running.state() != KafkaStreams.State.RUNNING) {
      // while rebalancing the metadata may already be stale: better a 503 than a wrong owner
      throw new StateNotReadyException("the recommender's state is " + state()
          + "; it answers once Kafka Streams is RUNNING");
    }
    return running.queryMetadataForKey(store, userId, Serdes.Long().serializer());
  }

  public String selfAddress() {
    return props.advertisedHost() + ":" + port.port();
  }

  /**
   * Records not yet read by this instance's stream threads, per input topic: the sum of the
   * main consumers' {@code records-lag} over their assigned partitions (restore and global
   * consumers are not counted; they catch up on state, not on work).
   */
  public Map<String, Long> consumerLag() {
    KafkaStreams running = streams;
    Map<String, Long> lag = new TreeMap<>();
    if (running == null) {
      return lag;
    }
    for (Map.Entry<MetricName, ? extends Metric> e : running.metrics().entrySet()) {
      MetricName name = e.getKey();
      String client = name.tags().getOrDefault("client-id", "");
      String topic = name.tags().get("topic");
      if (!"records-lag".equals(name.name()) || topic == null
          || !"consumer-fetch-manager-metrics".equals(name.group())
          || client.endsWith("restore-consumer") || client.endsWith("global-consumer")) {
        continue;
      }
      Object value = e.getValue().metricValue();
      if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
        lag.merge(topic, n.longValue(), Long::sum);
      }
    }
    return lag;
  }

  /** Streams sums several metrics itself; this exposes the instance for metric binding. */
  public KafkaStreams kafkaStreams() {
    return streams;
  }
}
