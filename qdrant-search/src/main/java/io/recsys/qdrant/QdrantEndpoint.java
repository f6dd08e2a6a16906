package io.recsys.qdrant;

import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import java.net.URI;
import java.time.Duration;

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

  /** A client for the URL; gRPC connects lazily, so this succeeds without a server. */
  public static QdrantClient connect(String url, String apiKey, Duration timeout) {
    QdrantEndpoint at = parse(url);
    // no version check at build time: it blocks on a server that may be down; health reports it
    QdrantGrpcClient.Builder builder = QdrantGrpcClient.newBuilder(at.host(), at.port(), at.tls(),
        false).withTimeout(timeout);
    if (apiKey != null && !apiKey.isBlank()) {
      builder.withApiKey(apiKey);
    }
    return new QdrantClient(builder.build());
  }

  @Override
  public String toString() {
    return (tls ? "https://" : "http://") + host + ":" + port;
  }
}
