package io.recsys.edge.security;

import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The endpoints of a service that change state, as {@code "METHOD /path/pattern"}: they need an
 * API key whenever keys are configured. A service that declares none gets
 * {@link #everyNonGet()}, the safe default.
 */
public final class WriteEndpoints {

  private record Endpoint(HttpMethod method, PathPattern path) { }

  private final List<Endpoint> endpoints;
  private final boolean everyNonGet;

  private WriteEndpoints(List<Endpoint> endpoints, boolean everyNonGet) {
    this.endpoints = endpoints;
    this.everyNonGet = everyNonGet;
  }

  /** For example {@code of("POST /ratings", "POST /ratings/batch")}. */
  public static WriteEndpoints of(String... endpoints) {
    PathPatternParser parser = PathPatternParser.defaultInstance;
    return new WriteEndpoints(List.of(endpoints).stream().map(e -> {
      String[] parts = e.trim().split("\\s+", 2);
      if (parts.length != 2) {
        throw new IllegalArgumentException("a write endpoint is \"METHOD /path\", was " + e);
      }
      return new Endpoint(HttpMethod.valueOf(parts[0]), parser.parse(parts[1]));
    }).toList(), false);
  }

  public static WriteEndpoints everyNonGet() {
    return new WriteEndpoints(List.of(), true);
  }

  public boolean matches(ServerHttpRequest request) {
    HttpMethod method = request.getMethod();
    if (everyNonGet) {
      return !HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)
          && !HttpMethod.OPTIONS.equals(method);
    }
    return endpoints.stream().anyMatch(e -> e.method().equals(method)
        && e.path().matches(request.getPath().pathWithinApplication()));
  }
}
