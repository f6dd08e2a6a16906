package io.recsys.ingest;

import io.recsys.schemas.TrustedAvroPackages;
import io.recsys.ingest.kafka.RecsysKafkaProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import io.recsys.edge.EdgeApplications;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.reactive.context.StandardReactiveWebEnvironment;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.PropertySource;
import org.springframework.core.env.MapPropertySource;

/**
 * The ingest service: accepts rating events over HTTP, validates them and publishes them,
 * durably, on the {@code ratings} topic.
 *
 * <p>Run standalone with {@link #main}, or in-process (the CLI's all-in-one mode) with
 * {@link #start(Map, String...)}. Defaults live in {@code io/recsys/ingest/ingest-defaults.properties}
 * (a resource path of this module only, so it never collides with other modules' files on one
 * classpath); see CONFIG.md for every setting.
 */
@SpringBootApplication(excludeName = {
    // spring-kafka may be on a shared classpath (all-in-one mode); this service uses its own producer
    "org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration"})
@EnableConfigurationProperties({IngestProperties.class, RecsysKafkaProperties.class})
@PropertySource("classpath:io/recsys/ingest/ingest-defaults.properties")
public class IngestApplication {

  /** Property: the HTTP port (0 = a free one). */
  public static final String PORT = "server.port";
  /** Property: the Kafka bootstrap servers. */
  public static final String BOOTSTRAP_SERVERS = "recsys.kafka.bootstrap-servers";

  public static void main(String[] args) {
    builder().run(args);
  }

  /**
   * Starts the service in this JVM and returns once it serves requests.
   *
   * @param overrides Spring properties that win over every other source (environment variables,
   *                  system properties, files), e.g. {@link #PORT} and {@link #BOOTSTRAP_SERVERS}
   * @param args      optional command-line style arguments ({@code --name=value})
   * @return the running context; close it to stop the service (its port: {@link #port})
   */
  public static ConfigurableApplicationContext start(Map<String, ?> overrides, String... args) {
    StandardReactiveWebEnvironment environment = new StandardReactiveWebEnvironment();
    environment.getPropertySources().addFirst(
        new MapPropertySource("recsys-ingest-overrides", new LinkedHashMap<>(overrides)));
    return builder().environment(environment).run(args);
  }

  /** Starts the service on {@code port} (0 = free) against the given Kafka cluster. */
  public static ConfigurableApplicationContext start(int port, String bootstrapServers) {
    return start(Map.of(PORT, port, BOOTSTRAP_SERVERS, bootstrapServers));
  }

  /** The HTTP port a context started by {@link #start} actually listens on. */
  public static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
  }

  private static SpringApplicationBuilder builder() {
    TrustedAvroPackages.ensureTrusted();
    return EdgeApplications.builder(IngestApplication.class);
  }
}
