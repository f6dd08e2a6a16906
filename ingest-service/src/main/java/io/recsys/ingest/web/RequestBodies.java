package io.recsys.ingest.web;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

/** Reads a whole request body into memory, refusing bodies over a limit. */
final class RequestBodies {

  private RequestBodies() {
  }

  /**
   * The body's bytes (empty when there is no body); fails with {@link RequestTooLargeException}
   * when the declared length, or the bytes actually received, exceed {@code maxBytes}.
   */
  static Mono<byte[]> read(ServerHttpRequest request, int maxBytes) {
    long declared = request.getHeaders().getContentLength();
    if (declared > maxBytes) {
      return Mono.error(tooLarge(maxBytes));
    }
    return DataBufferUtils.join(request.getBody(), maxBytes)
        .map(RequestBodies::toBytes)
        .onErrorMap(DataBufferLimitException.class, e -> tooLarge(maxBytes))
        .defaultIfEmpty(new byte[0]);
  }

  private static byte[] toBytes(DataBuffer buffer) {
    try {
      byte[] bytes = new byte[buffer.readableByteCount()];
      buffer.read(bytes);
      return bytes;
    } finally {
      DataBufferUtils.release(buffer);
    }
  }

  private static RequestTooLargeException tooLarge(int maxBytes) {
    return new RequestTooLargeException("The request body is larger than the limit of " + maxBytes
        + " bytes (recsys.ingest.max-body-size); split it into smaller batches");
  }
}
