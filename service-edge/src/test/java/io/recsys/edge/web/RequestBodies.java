package io.recsys.edge.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Request bodies as bytes, for hostile-input tests that send what no client library would. */
public final class RequestBodies {

  private RequestBodies() {
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The parts one after the other (to splice invalid bytes into a body). */
  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
