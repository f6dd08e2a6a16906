package io.recsys.cli.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/** What the benchmarks that start a stack of their own need: free ports, daemon threads, requests. */
final class BenchRuntime {

  private BenchRuntime() {
  }

  /** A port nothing listens on now (the OS's pick), for a server the benchmark starts. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** {@code body} running in a daemon thread of that name (it must not keep the JVM up). */
  static Thread startDaemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** A JSON POST with the benchmarks' 10 s timeout. */
  static HttpRequest jsonPost(String url, String body) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }
}
