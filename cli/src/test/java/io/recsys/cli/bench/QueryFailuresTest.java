package io.recsys.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryFailuresTest {

  @Test
  void countsEachFailureByItsReasonAndPrintsTheFirstOnes() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/ok", exchange -> {
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.createContext("/busy", exchange -> {
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
    });
    server.start();
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    QueryFailures failures = new QueryFailures(new PrintStream(printed, true, StandardCharsets.UTF_8));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    try {
      assertThat(failures.send(http, get(base + "/ok"))).isTrue();
      assertThat(failures.send(http, get(base + "/busy"))).isFalse();
      assertThat(failures.send(http, get(base + "/busy"))).isFalse();
      assertThat(failures.send(http, get("http://127.0.0.1:" + closedPort + "/ok"))).isFalse();
    } finally {
      server.stop(0);
    }

    assertThat(failures.total()).isEqualTo(3);
    Map<String, Long> reasons = failures.byReason();
    assertThat(reasons).containsEntry("HTTP 503", 2L).hasSize(2);
    assertThat(reasons.keySet()).anyMatch(r -> r.startsWith("ConnectException"));
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("query failed at", "HTTP 503",
        "ConnectException");
  }

  private static HttpRequest get(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
  }
}
