package io.recsys.edge.security;

import io.recsys.edge.web.ProblemResponses;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Lets a request through when it needs no key or presents a configured one: 401 when a needed
 * key is missing, 403 when it is wrong. Keys are compared by digest in constant time and never
 * logged; a request that passed carries its key's fingerprint as {@link #CLIENT_ATTRIBUTE}.
 */
public final class ApiKeyWebFilter implements WebFilter, Ordered {

  /** Runs early, but after CORS (which answers preflights and must decorate 401s). */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;
  /** Exchange attribute: "key:" + the first 12 hex digits of the key's SHA-256. */
  public static final String CLIENT_ATTRIBUTE = "recsys.client";
  public static final String API_KEY_HEADER = "X-API-Key";
  /** EventSource cannot send headers, so a GET may carry the key as this query parameter. */
  public static final String API_KEY_PARAMETER = "api_key";

  private static final Logger log = LoggerFactory.getLogger(ApiKeyWebFilter.class);

  private final ApiKeyProperties props;
  private final WriteEndpoints writes;
  private final List<PathPattern> publicPaths;
  private final List<byte[]> keyDigests;
  private final ProblemResponses problems;

  public ApiKeyWebFilter(ApiKeyProperties props, WriteEndpoints writes,
                         ProblemResponses problems) {
    this.props = props;
    this.writes = writes;
    this.problems = problems;
    this.publicPaths = props.publicPaths().stream()
        .map(PathPatternParser.defaultInstance::parse).toList();
    this.keyDigests = props.apiKeys().stream().map(ApiKeyWebFilter::sha256).toList();
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    if (!props.enabled() || HttpMethod.OPTIONS.equals(request.getMethod())
        || !needsKey(request)) {
      return chain.filter(exchange);
    }
    String presented = presentedKey(request);
    if (presented == null) {
      log.debug("refused {} {}: no API key", request.getMethod(), request.getPath());
      exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
          "Bearer realm=\"recsys\"");
      return problems.write(exchange, HttpStatus.UNAUTHORIZED, "API key required",
          "this endpoint needs an API key: send it as '" + API_KEY_HEADER
              + ": <key>' or 'Authorization: Bearer <key>'");
    }
    byte[] digest = sha256(presented);
    if (keyDigests.stream().noneMatch(k -> MessageDigest.isEqual(k, digest))) {
      log.info("refused {} {} from {}: wrong API key", request.getMethod(), request.getPath(),
          request.getRemoteAddress());
      return problems.write(exchange, HttpStatus.FORBIDDEN, "API key not accepted",
          "the API key sent is not one of this service's keys");
    }
    exchange.getAttributes().put(CLIENT_ATTRIBUTE,
        "key:" + HexFormat.of().formatHex(digest, 0, 6));
    return chain.filter(exchange);
  }

  private boolean needsKey(ServerHttpRequest request) {
    if (writes.matches(request)) {
      return true;
    }
    return props.protectReads()
        && publicPaths.stream().noneMatch(p -> p.matches(request.getPath().pathWithinApplication()));
  }

  private static String presentedKey(ServerHttpRequest request) {
    String header = request.getHeaders().getFirst(API_KEY_HEADER);
    if (header != null && !header.isBlank()) {
      return header.trim();
    }
    String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = authorization.substring(7).trim();
      return token.isEmpty() ? null : token;
    }
    if (HttpMethod.GET.equals(request.getMethod())) {
      String parameter = request.getQueryParams().getFirst(API_KEY_PARAMETER);
      return parameter == null || parameter.isBlank() ? null : parameter.trim();
    }
    return null;
  }

  private static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
