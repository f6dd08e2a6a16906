package io.recsys.recommender.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * A load generator's HTTP/1.1 client: one kept-alive connection, blocking, one request at a
 * time. It costs a few microseconds of CPU per request, where the JDK's HttpClient costs a
 * large part of what the service under test spends; on a machine whose cores the client and
 * the service share, that difference is throughput taken from the service. Reconnects when
 * the server closes the connection. Not thread-safe: one per client thread.
 */
public final class KeepAliveHttpClient implements Closeable {

  /** Status and body of one answer. */
  public record Response(int status, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private static final int MAX_HEADER_LINE = 8_192;

  private final String host;
  private final int port;
  private final int timeoutMillis;
  private final byte[] hostHeader;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  /** @param base {@code http://host:port}; the path of each request is given per call */
  public KeepAliveHttpClient(URI base, Duration timeout) {
    if (!"http".equals(base.getScheme()) || base.getHost() == null) {
      throw new IllegalArgumentException("need an http://host:port URL, got " + base);
    }
    this.host = base.getHost();
    this.port = base.getPort() < 0 ? 80 : base.getPort();
    this.timeoutMillis = (int) timeout.toMillis();
    this.hostHeader = ("Host: " + host + ":" + port + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** POSTs a JSON body; an I/O failure closes the connection (the next call reconnects). */
  public Response postJson(String path, byte[] json) throws IOException {
    ensureConnected();
    try {
      ByteArrayOutputStream request = new ByteArrayOutputStream(256 + json.length);
      request.writeBytes(("POST " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII));
      request.writeBytes(hostHeader);
      request.writeBytes(("Content-Type: application/json\r\nContent-Length: " + json.length
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      request.writeBytes(json);
      request.writeTo(out);
      out.flush();
      return readResponse();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private Response readResponse() throws IOException {
    String statusLine = readLine();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x status line: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    long length = -1;
    boolean chunked = false;
    boolean closeAfter = parts[0].equals("HTTP/1.0");
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> closeAfter = value.equalsIgnoreCase("close");
        default -> { }
      }
    }
    byte[] body;
    if (chunked) {
      body = readChunked();
    } else if (length >= 0) {
      body = in.readNBytes((int) length);
      if (body.length != length) {
        throw new EOFException("connection closed within a " + length + "-byte body");
      }
    } else {
      body = in.readAllBytes(); // no length: the body ends with the connection
      closeAfter = true;
    }
    if (closeAfter) {
      close();
    }
    return new Response(status, body);
  }

  private byte[] readChunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine();
      int semicolon = sizeLine.indexOf(';');
      int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon))
          .trim(), 16);
      if (size == 0) {
        while (!readLine().isEmpty()) {
          // trailers are not used here
        }
        return body.toByteArray();
      }
      byte[] chunk = in.readNBytes(size);
      if (chunk.length != size) {
        throw new EOFException("connection closed within a chunk");
      }
      body.writeBytes(chunk);
      readLine(); // the CRLF after the chunk
    }
  }

  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed by the server");
      }
      if (b == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1)
            : line.toString();
      }
      if (line.length() >= MAX_HEADER_LINE) {
        throw new IOException("header line longer than " + MAX_HEADER_LINE + " bytes");
      }
      line.append((char) b);
    }
  }

  private void ensureConnected() throws IOException {
    if (socket != null) {
      return;
    }
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.setSoTimeout(timeoutMillis);
      s.connect(new InetSocketAddress(host, port), timeoutMillis);
      in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
      out = s.getOutputStream();
      socket = s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  @Override
  public void close() {
    Socket s = socket;
    socket = null;
    in = null;
    out = null;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // closing a connection we are done with: nothing to recover
      }
    }
  }
}
