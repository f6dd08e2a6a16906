package io.recsys.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.edge.kafka.KafkaConnectionProperties;
import io.recsys.edge.ratelimit.RateLimitProperties;
import io.recsys.edge.ratelimit.RateLimitWebFilter;
import io.recsys.edge.security.ApiKeyProperties;
import io.recsys.edge.security.ApiKeyWebFilter;
import io.recsys.edge.security.WriteEndpoints;
import io.recsys.edge.web.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.PropertySource;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * What every recsys HTTP service gets by having this module on its classpath: API keys,
 * per-client rate limits, one way to configure its Kafka connection, and Reactor Netty
 * resources of its own. A service says which
 * of its endpoints write by declaring a {@link WriteEndpoints} bean.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties({ApiKeyProperties.class, RateLimitProperties.class,
    KafkaConnectionProperties.class})
@PropertySource("classpath:io/recsys/edge/edge-defaults.properties")
public class EdgeAutoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(EdgeAutoConfiguration.class);

  /**
   * This context's own Reactor Netty event loops and connection pools instead of the JVM-wide
   * global ones: several services run in one JVM (the CLI demo, multi-instance and integration
   * tests), and the first context to close would otherwise dispose the loops the others use.
   */
  @Bean
  static BeanPostProcessor ownReactorNettyResources() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessBeforeInitialization(Object bean, String name) {
        if (bean instanceof ReactorResourceFactory factory) {
          factory.setUseGlobalResources(false);
        }
        return bean;
      }
    };
  }

  @Bean
  ProblemResponses edgeProblemResponses(ObjectProvider<ObjectMapper> json) {
    return new ProblemResponses(json.getIfAvailable(ObjectMapper::new));
  }

  @Bean
  ApiKeyWebFilter apiKeyWebFilter(ApiKeyProperties props, ObjectProvider<WriteEndpoints> writes,
                                  ProblemResponses problems) {
    if (props.enabled()) {
      log.info("API keys required for write endpoints{} ({} keys configured)",
          props.protectReads() ? " and reads" : "", props.apiKeys().size());
    } else {
      log.warn("no API key configured (API_KEYS): every endpoint is open");
    }
    return new ApiKeyWebFilter(props, writes.getIfAvailable(WriteEndpoints::everyNonGet),
        problems);
  }

  @Bean
  RateLimitWebFilter rateLimitWebFilter(RateLimitProperties props, ProblemResponses problems) {
    return new RateLimitWebFilter(props, problems);
  }
}
