package io.recsys.recommender;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.recsys.edge.kafka.KafkaConnectionProperties;
import io.recsys.edge.security.WriteEndpoints;
import io.recsys.gsasrec.model.DjlRuntime;
import io.recsys.qdrant.CollectionNaming;
import io.recsys.qdrant.QdrantEndpoint;
import io.recsys.recommender.config.QdrantQueryProperties;
import io.recsys.recommender.config.RecommenderProperties;
import io.recsys.recommender.model.GsasrecServingModel;
import io.recsys.recommender.model.ModelAnnouncements;
import io.recsys.recommender.model.ModelLoader;
import io.recsys.recommender.model.ModelRollout;
import io.recsys.recommender.model.ServingModelHolder;
import io.recsys.recommender.model.SnapshotGate;
import io.recsys.recommender.query.FreshnessMetrics;
import io.recsys.recommender.query.MovieCatalog;
import io.recsys.recommender.query.PipelineCounters;
import io.recsys.recommender.query.QdrantFilteredSearch;
import io.recsys.recommender.query.QueryMetrics;
import io.recsys.recommender.query.RecommendationService;
import io.recsys.recommender.query.ServiceGauges;
import io.recsys.recommender.query.SystemUsage;
import io.recsys.recommender.query.StateRefresher;
import io.recsys.recommender.query.UpdateNotifier;
import io.recsys.recommender.query.UserStateCache;
import io.recsys.recommender.query.UserUpdates;
import io.recsys.recommender.routing.PeerClient;
import io.recsys.recommender.routing.UserRouter;
import io.recsys.recommender.streams.BoundedRocksDbMemory;
import io.recsys.recommender.streams.RecommenderStreams;
import io.recsys.recommender.topology.RecomputeListener;
import io.recsys.recommender.topology.StoreNames;
import io.recsys.recommender.web.ApiExamples;
import io.recsys.schemas.Topics;
import io.recsys.schemas.kafka.RatingPublisher;
import io.swagger.v3.core.jackson.ModelResolver;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.properties.SpringDocConfigProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;

/** Wires the pure cores (model, topology, queries) into the service. */
@Configuration(proxyBeanMethods = false)
class RecommenderConfiguration {

  /** Far longer than any query: the longest holds a model for milliseconds. */
  private static final Duration MODEL_CLOSE_GRACE = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(RecommenderConfiguration.class);

  /** The recommend endpoints are POSTs but only read: only an update needs a key. */
  @Bean
  WriteEndpoints writeEndpoints() {
    return WriteEndpoints.of("POST /update_user");
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** Request and answer examples for every operation of /v3/api-docs. */
  @Bean
  ApiExamples apiExamples() {
    return new ApiExamples();
  }

  /** The OpenAPI schemas with the wire's names (snake_case), not the Java ones. */
  @Bean
  ModelResolver openApiModelResolver(ObjectMapper objectMapper, SpringDocConfigProperties docs) {
    return new ModelResolver(objectMapper).openapi31(docs.isOpenapi31());
  }

  @Bean(destroyMethod = "")
  ServingModelHolder servingModelHolder(RecommenderProperties props) {
    try {
      DjlRuntime.setIntraOpThreads(props.modelThreads());
      GsasrecServingModel model = props.snapshots().isPresent()
          ? ModelLoader.loadPreferringSnapshot(props.modelDir(), props.indexKind(),
              props.snapshots().get())
          : ModelLoader.load(props.modelDir(), props.indexKind());
      return new ServingModelHolder(model);
    } catch (IOException | RuntimeException e) {
      // the service still runs and answers with popular movies; health says why
      log.error("No model in service: {}", e.getMessage());
      return new ServingModelHolder();
    }
  }

  @Bean
  UpdateNotifier updateNotifier() {
    return new UpdateNotifier();
  }

  @Bean
  UserStateCache userStateCache(RecommenderProperties props) {
    return new UserStateCache(props.userCacheSize());
  }

  @Bean
  RecommenderStreams recommenderStreams(RecommenderProperties props,
                                        KafkaConnectionProperties kafka,
                                        ServingModelHolder models, UpdateNotifier notifier,
                                        PipelineCounters counters, UserStateCache users,
                                        MeterRegistry registry,
                                        Environment env,
                                        @Value("${recsys.recommender.history-length:200}")
                                        int defaultHistoryLength) {
    int historyLength = models.current()
        .filter(GsasrecServingModel.class::isInstance)
        .map(m -> ((GsasrecServingModel) m).sequenceLength())
        .orElse(defaultHistoryLength);
    // the cache first: a read-your-writes update is answered as soon as the notifier is told
    return new RecommenderStreams(props, kafka, models,
        RecomputeListener.both(users, RecomputeListener.both(notifier, counters)), historyLength,
        () -> env.getProperty("local.server.port", Integer.class, 0), registry, users::clear);
  }

  @Bean
  PipelineCounters pipelineCounters(MeterRegistry registry) {
    return new PipelineCounters(registry);
  }

  @Bean
  MovieCatalog movieCatalog(RecommenderStreams streams) {
    return new MovieCatalog(streams);
  }

  @Bean
  StateRefresher stateRefresher(MovieCatalog catalog, ServingModelHolder models) {
    return new StateRefresher(catalog, models);
  }

  /**
   * Replaced models are closed on this thread, after queries that took them are done; waits
   * for snapshots end on it too.
   */
  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService modelCloser() {
    return Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "model-closer");
      thread.setDaemon(true);
      return thread;
    });
  }

  @Bean
  ModelRollout modelRollout(ServingModelHolder models, RecommenderProperties props,
                            StateRefresher refresher, ScheduledExecutorService modelCloser) {
    return new ModelRollout(models, ModelLoader.rolloutLoader(props.indexKind()),
        refresher::prime, modelCloser, MODEL_CLOSE_GRACE);
  }

  /** New models wait here for the sync worker's snapshot when a snapshot directory is set. */
  @Bean
  SnapshotGate snapshotGate(ModelRollout rollout, RecommenderProperties props,
                            ScheduledExecutorService modelCloser) {
    return new SnapshotGate(rollout, ModelLoader.effectiveKind(props.indexKind()),
        props.snapshots().orElse(null), props.snapshotWait(), modelCloser);
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  ModelAnnouncements modelAnnouncements(KafkaConnectionProperties kafka, SnapshotGate gate) {
    return new ModelAnnouncements(kafka.clientConfig(), gate);
  }

  /** Qdrant for filtered queries when enabled; a lazy gRPC client, so no server is needed now. */
  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(name = "recsys.recommender.qdrant.enabled", havingValue = "true")
  QdrantFilteredSearch qdrantFilteredSearch(QdrantQueryProperties q) {
    log.info("Filtered queries go to Qdrant at {} (collection per model version, alias {})",
        q.url(), q.alias());
    return new QdrantFilteredSearch(QdrantEndpoint.connect(q.url(), q.apiKey(), q.timeout()),
        new CollectionNaming(q.alias()), q.exact(), q.timeout());
  }

  @Bean
  RecommendationService recommendationService(RecommenderStreams streams,
                                              ServingModelHolder models, MovieCatalog catalog,
                                              StateRefresher refresher, UserStateCache users,
                                              ObjectProvider<QdrantFilteredSearch> qdrant) {
    return new RecommendationService(streams, models, catalog, refresher, users,
        qdrant.getIfAvailable());
  }

  @Bean(destroyMethod = "close")
  RatingPublisher ratingPublisher(KafkaConnectionProperties kafka) {
    Map<String, Object> config = new HashMap<>(kafka.clientConfig());
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 6_000);
    return new RatingPublisher(new KafkaProducer<>(config, Topics.RATINGS.keySerde().serializer(),
        Topics.RATINGS.valueSerde().serializer()), Topics.RATINGS, Duration.ofSeconds(5));
  }

  @Bean
  UserUpdates userUpdates(RatingPublisher publisher, UpdateNotifier notifier,
                          MovieCatalog catalog, Clock clock) {
    return new UserUpdates(publisher, notifier, catalog, clock);
  }

  @Bean
  Gauge rocksDbMemoryGauge(MeterRegistry registry) {
    return Gauge.builder(BoundedRocksDbMemory.USAGE_METRIC, BoundedRocksDbMemory::usageBytes)
        .description("RocksDB block cache and memtables, all stores of this JVM")
        .baseUnit("bytes").register(registry);
  }

  @Bean
  FreshnessMetrics freshnessMetrics(MeterRegistry registry, UpdateNotifier notifier,
                                    Clock clock) {
    return new FreshnessMetrics(registry, notifier, clock);
  }

  @Bean
  UserRouter userRouter(RecommenderStreams streams) {
    return new UserRouter(userId -> streams.ownerOf(StoreNames.USER_HISTORIES, userId),
        streams::selfAddress);
  }

  @Bean
  PeerClient peerClient(WebClient.Builder builder, RecommenderStreams streams,
                        RecommenderProperties props) {
    return new PeerClient(builder, streams::selfAddress, props.forwardTimeout());
  }

  @Bean
  SystemUsage systemUsage(RecommenderProperties props) {
    return new SystemUsage(props.stateDir());
  }

  @Bean
  ServiceGauges serviceGauges(MeterRegistry registry, RecommenderStreams streams,
                              MovieCatalog catalog, SystemUsage system) {
    return new ServiceGauges(registry, streams, catalog, system);
  }

  @Bean
  QueryMetrics queryMetrics(MeterRegistry registry) {
    return new QueryMetrics(registry);
  }
}
