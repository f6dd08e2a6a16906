package io.recsys.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.recsys.ingest.web.RatingBodyParser;
import io.recsys.ingest.web.RatingValidator;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.context.annotation.Configuration;

/** Wiring of the pure pieces: clock, parsing, validation, metrics, API description. */
@Configuration(proxyBeanMethods = false)
public class IngestConfiguration {

  /** The service's notion of now; tests replace it with a fixed clock (a {@code @Primary} bean). */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** Lets the configured browser origins (the web console) post events; preflights included. */
  @Bean
  CorsWebFilter corsWebFilter(IngestProperties props) {
    CorsConfiguration cors = new CorsConfiguration();
    cors.setAllowedOrigins(props.corsAllowedOrigins());
    cors.setAllowedMethods(List.of("POST", "OPTIONS"));
    cors.setAllowedHeaders(List.of("Content-Type", "Authorization", "X-API-Key"));
    cors.setMaxAge(3600L);
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    source.registerCorsConfiguration("/ratings/**", cors);
    source.registerCorsConfiguration("/ratings", cors);
    source.registerCorsConfiguration("/update_user", cors);
    return new CorsWebFilter(source);
  }

  @Bean
  RatingBodyParser ratingBodyParser() {
    return new RatingBodyParser();
  }

  @Bean
  RatingValidator ratingValidator(IngestProperties props) {
    return new RatingValidator(props);
  }

  @Bean
  IngestMetrics ingestMetrics(MeterRegistry registry) {
    return new IngestMetrics(registry);
  }

  @Bean
  OpenAPI ingestOpenApi() {
    return new OpenAPI().info(new Info()
        .title("recsys ingest-service")
        .version("0.1.0")
        .description("Accepts rating events, validates them and publishes them on the Kafka "
            + "topic `ratings`, keyed by user id. A 202 means the event is durably in Kafka "
            + "(acks=all, idempotent producer); errors are RFC 7807 problem details."));
  }
}
