package io.recsys.edge.ratelimit;

import io.recsys.edge.security.ApiKeyWebFilter;
import io.recsys.edge.web.ProblemResponses;
import java.net.InetSocketAddress;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Answers 429 with Retry-After to a client above its rate; runs after the API-key check so that
 * a client with a key is counted by its key. Lets everything through when no rate is set.
 */
public final class RateLimitWebFilter implements WebFilter, Ordered {

  private final ClientRateLimiter limiter;
  private final List<PathPattern> exempt;
  private final ProblemResponses problems;

  public RateLimitWebFilter(RateLimitProperties props, ProblemResponses problems) {
    this.limiter = props.enabled() ? new ClientRateLimiter(props.requestsPerSecond(),
        props.capacity(), props.maxClients(), System::nanoTime) : null;
    this.exempt = props.exemptPaths().stream().map(PathPatternParser.defaultInstance::parse)
        .toList();
    this.problems = problems;
  }

  @Override
  public int getOrder() {
    return ApiKeyWebFilter.ORDER + 10;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (limiter == null || exempt.stream().anyMatch(p -> p.matches(exchange.getRequest().getPath()
        .pathWithinApplication()))) {
      return chain.filter(exchange);
    }
    ClientRateLimiter.Decision decision = limiter.tryAcquire(clientOf(exchange));
    if (decision.allowed()) {
      return chain.filter(exchange);
    }
    long seconds = Math.max(1, (decision.retryAfterNanos() + 999_999_999L) / 1_000_000_000L);
    exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    return problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "Too many requests",
        "this client is over its request rate; retry after " + seconds + " s");
  }

  private static String clientOf(ServerWebExchange exchange) {
    String key = exchange.getAttribute(ApiKeyWebFilter.CLIENT_ATTRIBUTE);
    if (key != null) {
      return key;
    }
    InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
    return remote == null || remote.getAddress() == null ? "unknown"
        : "ip:" + remote.getAddress().getHostAddress();
  }
}
