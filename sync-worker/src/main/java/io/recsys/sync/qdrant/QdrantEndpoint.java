package io.recsys.sync.qdrant;

import java.net.URI;

/**
 * Where the gRPC API of Qdrant is, from a URL such as {@code http://localhost:6334}
 * ({@code https} turns TLS on; a missing port means 6334).
 */
public record QdrantEndpoint(String host, int port, boolean tls) {

  public static final int DEFAULT_GRPC_PORT = 6334;

  public static QdrantEndpoint parse(String url) {
    String text = url.contains("://") ? url : "http://" + url;
    URI uri;
    try {
      uri = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a Qdrant URL: '" + url + "'", e);
    }
    if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
      throw new IllegalArgumentException("not a Qdrant URL (http[s]://host[:port]): '" + url + "'");
    }
    return new QdrantEndpoint(uri.getHost(), uri.getPort() < 0 ? DEFAULT_GRPC_PORT : uri.getPort(),
        uri.getScheme().equals("https"));
  }

  @Override
  public String toString() {
    return (tls ? "https://" : "http://") + host + ":" + port;
  }
}
