package io.recsys.recommender.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Services that benchmarks and crash tests run in JVMs of their own: {@code kill -9} of a
 * process is the only real crash (no shutdown hook, no last commit), and a load generator in
 * another process measures what a client would.
 */
public final class ChildProcesses {

  /** Debian's jemalloc (package libjemalloc2), optional. */
  static final Path JEMALLOC = Path.of("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2");

  /**
   * How the recommender runs jemalloc: a background thread hands freed pages back to the kernel
   * after 5 s. The same as deploy/entrypoint.sh.
   */
  static final String JEMALLOC_CONF = "background_thread:true,dirty_decay_ms:5000,muzzy_decay_ms:5000";

  private ChildProcesses() {
  }

  /**
   * Preloads jemalloc into the child when it is installed and nothing else is preloaded. In a
   * 20-minute soak of the recommender (RocksDB's native memory grows and shrinks all the time),
   * RSS beside RocksDB's own budget grew 1 MB over the last 10 minutes with it against 5-7 MB with
   * glibc, and the process was 40-50 MB smaller.
   */
  public static void preferJemalloc(Map<String, String> environment) {
    if (Files.isRegularFile(JEMALLOC) && environment.getOrDefault("LD_PRELOAD", "").isBlank()) {
      environment.put("LD_PRELOAD", JEMALLOC.toString());
      environment.putIfAbsent("MALLOC_CONF", JEMALLOC_CONF);
    }
  }

  /** This JVM's {@code java} and the flags every child needs; a main class and its arguments follow. */
  public static List<String> javaCommand() {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    if (Runtime.version().feature() >= 22) {
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    return command;
  }

  /**
   * Waits until {@code healthUrl} answers 200, failing early (IllegalStateException naming the
   * log) when the process ends first.
   *
   * @param what what runs there, for the messages
   */
  public static void awaitHealthy(Process process, String healthUrl, Duration timeout, String what,
                                  Path log) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(what + " process ended (exit " + process.exitValue()
            + ") before it was ready; its log: " + log);
      }
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(healthUrl))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + " was not healthy within " + timeout
            + "; its log: " + log);
      }
      Thread.sleep(100);
    }
  }

  /** Asks the process to stop (SIGTERM); kills it (SIGKILL) if it has not within {@code grace}. */
  public static void stop(Process process, Duration grace) throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
