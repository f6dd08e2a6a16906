package io.recsys.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.recsys.ingest.web.ApiExamples;
import io.recsys.ingest.web.RatingBodyParser;
import io.recsys.ingest.web.RatingValidator;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import java.time.Clock;
import java.util.List;
import io.recsys.edge.security.WriteEndpoints;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
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

  /** Every endpoint of this service publishes events: all need a key when keys are set. */
  @Bean
  WriteEndpoints writeEndpoints() {
    return WriteEndpoints.of("POST /ratings", "POST /ratings/batch", "POST /update_user");
  }

  /**
   * Lets the configured browser origins (the web console) post events; preflights included.
   * First of all filters, so that even a 401 or 429 carries the CORS headers a browser needs
   * to show it.
   */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
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

  /** Request and answer examples for every operation of /v3/api-docs. */
  @Bean
  ApiExamples apiExamples() {
    return new ApiExamples();
  }
}
