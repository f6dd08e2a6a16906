package io.recsys.recommender.web;

import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.recsys.recommender.config.RecommenderProperties;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * How request bodies are read. What the server buffers of one is bounded by
 * {@code recsys.recommender.max-body-size} (the decoder stops reading past it and
 * {@link ProblemHandler} answers 413); only the server's codecs, because the answers of other
 * instances to forwarded queries (read by the WebClient) may be larger than any request.
 * And a JSON number or boolean is not a string: {@code "genres": [7]} is a 400, not genre "7"
 * (the other direction, a string for a number, is refused by
 * {@code spring.jackson.mapper.allow-coercion-of-scalars=false}).
 */
@Configuration(proxyBeanMethods = false)
class RequestBodyConfiguration implements WebFluxConfigurer {

  private final RecommenderProperties props;

  RequestBodyConfiguration(RecommenderProperties props) {
    this.props = props;
  }

  @Override
  public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
    configurer.defaultCodecs().maxInMemorySize(props.maxBodyBytes());
  }

  @Bean
  Jackson2ObjectMapperBuilderCustomizer noScalarToStringCoercion() {
    return builder -> builder.postConfigurer(mapper -> mapper.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
  }
}
