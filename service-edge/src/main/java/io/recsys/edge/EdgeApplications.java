package io.recsys.edge;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** How each of the project's HTTP services is built: reactive, quiet, and with keep-alive fixed. */
public final class EdgeApplications {

  /** Reactor Netty's own switch, read once, when its HTTP server handler class is loaded. */
  static final String LAST_FLUSH_WHEN_NO_READ = "reactor.netty.http.server.lastFlushWhenNoRead";

  private EdgeApplications() {
  }

  public static SpringApplicationBuilder builder(Class<?> application) {
    closeAnsweredExchangesOnTheNextRequest();
    return new SpringApplicationBuilder(application)
        .web(WebApplicationType.REACTIVE)
        .bannerMode(Banner.Mode.OFF);
  }

  /**
   * Reactor Netty (1.2.18 here, 1.3.7 too: reactor-netty issue 4361) can stop reading a
   * keep-alive connection for good. A client that sends its next request as soon as it has
   * the previous answer (complete by its Content-Length) may reach the server before the server
   * has closed that exchange, which happens a moment later when the answer was produced off the
   * event loop (a {@code /update_user} completed by the stream thread). The server queues the
   * request, answers it after the exchange closes, then never reads the connection again: the
   * client's following request hangs until it times out. With this switch the server closes
   * the answered exchange when the next request arrives, so nothing is queued. An explicit
   * setting of the property wins.
   */
  static void closeAnsweredExchangesOnTheNextRequest() {
    if (System.getProperty(LAST_FLUSH_WHEN_NO_READ) == null) {
      System.setProperty(LAST_FLUSH_WHEN_NO_READ, "true");
    }
  }
}
