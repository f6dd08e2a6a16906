package io.recsys.recommender;

import io.recsys.schemas.TrustedAvroPackages;
import io.recsys.recommender.config.QdrantQueryProperties;
import io.recsys.recommender.config.RecommenderProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import io.recsys.edge.EdgeApplications;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.reactive.context.StandardReactiveWebEnvironment;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.PropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The recommender service: runs the Kafka Streams topology that keeps histories, embeddings
 * and recommendations fresh, and answers queries from that state over HTTP.
 */
@SpringBootApplication(excludeName = {
    "org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration"})
@EnableConfigurationProperties({RecommenderProperties.class, QdrantQueryProperties.class})
// recsys.kafka: service-edge
@EnableScheduling
@PropertySource("classpath:io/recsys/recommender/recommender-defaults.properties")
public class RecommenderApplication {

  public static final String PORT = "server.port";
  public static final String BOOTSTRAP_SERVERS = "recsys.kafka.bootstrap-servers";
  public static final String MODEL_DIR = "recsys.recommender.model-dir";

  public static void main(String[] args) {
    builder().run(args);
  }

  /** Starts the service in this JVM; the overrides win over every other property source. */
  public static ConfigurableApplicationContext start(Map<String, ?> overrides, String... args) {
    StandardReactiveWebEnvironment environment = new StandardReactiveWebEnvironment();
    environment.getPropertySources().addFirst(
        new MapPropertySource("recsys-recommender-overrides", new LinkedHashMap<>(overrides)));
    return builder().environment(environment).run(args);
  }

  public static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
  }

  private static SpringApplicationBuilder builder() {
    TrustedAvroPackages.ensureTrusted();
    return EdgeApplications.builder(RecommenderApplication.class);
  }
}
