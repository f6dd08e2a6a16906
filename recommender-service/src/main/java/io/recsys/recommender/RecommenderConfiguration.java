package io.recsys.recommender;

import io.micrometer.core.instrument.MeterRegistry;
import io.recsys.recommender.config.KafkaConnectionProperties;
import io.recsys.recommender.config.RecommenderProperties;
import io.recsys.recommender.model.GsasrecServingModel;
import io.recsys.recommender.model.ModelLoader;
import io.recsys.recommender.model.ServingModelHolder;
import io.recsys.recommender.query.FreshnessMetrics;
import io.recsys.recommender.query.MovieCatalog;
import io.recsys.recommender.query.QueryMetrics;
import io.recsys.recommender.query.RecommendationService;
import io.recsys.recommender.query.StateRefresher;
import io.recsys.recommender.query.UpdateNotifier;
import io.recsys.recommender.query.UserUpdates;
import io.recsys.recommender.streams.RecommenderStreams;
import io.recsys.schemas.Topics;
import io.recsys.schemas.kafka.RatingPublisher;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wires the pure cores (model, topology, queries) into the service. */
@Configuration(proxyBeanMethods = false)
class RecommenderConfiguration {

  private static final Logger log = LoggerFactory.getLogger(RecommenderConfiguration.class);

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean(destroyMethod = "")
  ServingModelHolder servingModelHolder(RecommenderProperties props) {
    try {
      GsasrecServingModel model = ModelLoader.load(props.modelDir(), props.indexKind());
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
  RecommenderStreams recommenderStreams(RecommenderProperties props,
                                        KafkaConnectionProperties kafka,
                                        ServingModelHolder models, UpdateNotifier notifier,
                                        Environment env,
                                        @Value("${recsys.recommender.history-length:200}")
                                        int defaultHistoryLength) {
    int historyLength = models.current()
        .filter(GsasrecServingModel.class::isInstance)
        .map(m -> ((GsasrecServingModel) m).sequenceLength())
        .orElse(defaultHistoryLength);
    return new RecommenderStreams(props, kafka, models, notifier, historyLength,
        () -> env.getProperty("local.server.port", Integer.class, 0));
  }

  @Bean
  MovieCatalog movieCatalog(RecommenderStreams streams) {
    return new MovieCatalog(streams);
  }

  @Bean
  StateRefresher stateRefresher(MovieCatalog catalog, ServingModelHolder models) {
    return new StateRefresher(catalog, models);
  }

  @Bean
  RecommendationService recommendationService(RecommenderStreams streams,
                                              ServingModelHolder models, MovieCatalog catalog,
                                              StateRefresher refresher) {
    return new RecommendationService(streams, models, catalog, refresher);
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
  FreshnessMetrics freshnessMetrics(MeterRegistry registry, UpdateNotifier notifier,
                                    Clock clock) {
    return new FreshnessMetrics(registry, notifier, clock);
  }

  @Bean
  QueryMetrics queryMetrics(MeterRegistry registry) {
    return new QueryMetrics(registry);
  }
}
