package io.recsys.sync;

import io.recsys.schemas.TrustedAvroPackages;
import io.recsys.sync.config.SyncProperties;
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

/**
 * The sync worker: follows {@code model-versions}, builds and announces index snapshots of
 * each new model, keeps a versioned Qdrant collection behind an alias, and reconciles on a
 * schedule and on {@code POST /sync}.
 */
@SpringBootApplication(excludeName = {
    "org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration"})
@EnableConfigurationProperties(SyncProperties.class) // recsys.kafka: service-edge
@PropertySource("classpath:io/recsys/sync/sync-defaults.properties")
public class SyncWorkerApplication {

  public static final String PORT = "server.port";
  public static final String BOOTSTRAP_SERVERS = "recsys.kafka.bootstrap-servers";
  public static final String SNAPSHOT_DIR = "recsys.sync.snapshot-dir";
  public static final String QDRANT_ENABLED = "recsys.sync.qdrant.enabled";
  public static final String QDRANT_URL = "recsys.sync.qdrant.url";

  public static void main(String[] args) {
    builder().run(args);
  }

  /** Starts the worker in this JVM; the overrides win over every other property source. */
  public static ConfigurableApplicationContext start(Map<String, ?> overrides, String... args) {
    StandardReactiveWebEnvironment environment = new StandardReactiveWebEnvironment();
    environment.getPropertySources().addFirst(
        new MapPropertySource("recsys-sync-overrides", new LinkedHashMap<>(overrides)));
    return builder().environment(environment).run(args);
  }

  public static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
  }

  private static SpringApplicationBuilder builder() {
    TrustedAvroPackages.ensureTrusted();
    return EdgeApplications.builder(SyncWorkerApplication.class);
  }
}
