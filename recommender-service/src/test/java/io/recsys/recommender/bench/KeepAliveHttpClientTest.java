package io.recsys.recommender.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeepAliveHttpClientTest {

  private HttpServer server;
  private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    server.createContext("/echo", exchange -> answer(exchange, 200, false, false));
    server.createContext("/chunked", exchange -> answer(exchange, 201, true, false));
    server.createContext("/close", exchange -> answer(exchange, 503, false, true));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange, int status, boolean chunked, boolean close)
      throws IOException {
    clientPorts.add(exchange.getRemoteAddress().getPort());
    byte[] request = exchange.getRequestBody().readAllBytes();
    byte[] body = (exchange.getRequestHeaders().getFirst("Content-Type") + " "
        + new String(request, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    if (close) {
      exchange.getResponseHeaders().set("Connection", "close");
    }
    exchange.sendResponseHeaders(status, chunked ? 0 : body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  private KeepAliveHttpClient client() {
    return new KeepAliveHttpClient(URI.create("http://localhost:" + server.getAddress().getPort()),
        Duration.ofSeconds(5));
  }

  @Test
  void postsJsonAndReadsSizedAndChunkedAnswersOverOneConnection() throws IOException {
    try (KeepAliveHttpClient client = client()) {
      KeepAliveHttpClient.Response sized = client.postJson("/echo", "{\"a\":1}".getBytes());
      KeepAliveHttpClient.Response chunked = client.postJson("/chunked", "{\"b\":2}".getBytes());
      KeepAliveHttpClient.Response again = client.postJson("/echo", "{}".getBytes());
      assertThat(sized.status()).isEqualTo(200);
      assertThat(sized.text()).isEqualTo("application/json {\"a\":1}");
      assertThat(chunked.status()).isEqualTo(201);
      assertThat(chunked.text()).isEqualTo("application/json {\"b\":2}");
      assertThat(again.text()).isEqualTo("application/json {}");
    }
    assertThat(clientPorts).hasSize(1);
  }

  @Test
  void reconnectsAfterTheServerClosesTheConnection() throws IOException {
    try (KeepAliveHttpClient client = client()) {
      assertThat(client.postJson("/close", "{}".getBytes()).status()).isEqualTo(503);
      assertThat(client.postJson("/echo", "{}".getBytes()).status()).isEqualTo(200);
    }
    assertThat(clientPorts).hasSize(2);
  }
}
