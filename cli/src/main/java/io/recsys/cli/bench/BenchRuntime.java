package io.recsys.cli.bench;

import java.io.IOException;
import java.net.ServerSocket;

/** What the benchmarks that start a stack of their own need: free ports, daemon threads. */
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
}
