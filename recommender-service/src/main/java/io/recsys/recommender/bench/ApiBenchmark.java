package io.recsys.recommender.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench api}: closed-loop HTTP load on {@code /recommend_fast} and
 * {@code /recommend_filter} of a running service: a fixed number of clients, each sending
 * its next request as soon as the previous answer arrived, for random users of the given
 * ids. Reports requests/s and latency percentiles per endpoint; any answer other than 200
 * (or a failed request) counts as an error. Run it from a separate process on the same
 * machine, as the issue asks.
 */
public final class ApiBenchmark {

  /**
   * @param baseUrl     e.g. {@code http://localhost:8080}
   * @param userIds     users queried, uniformly at random
   * @param k           recommendations per answer
   * @param filtersJson the {@code filters} object of /recommend_filter requests
   * @param concurrency clients in the closed loop (connections in flight)
   * @param warmup      load before measuring, per endpoint, not counted
   * @param duration    measured load per endpoint
   * @param seed        of the user choice
   */
  public record Options(String baseUrl, long[] userIds, int k, String filtersJson,
                        int concurrency, Duration warmup, Duration duration, long seed) {
    public Options {
      Objects.requireNonNull(baseUrl, "baseUrl");
      if (userIds.length == 0 || concurrency < 1 || k < 1) {
        throw new IllegalArgumentException("need users, k >= 1 and concurrency >= 1");
      }
    }

    /** k 10, 64 clients, 5 s warm-up and 30 s per endpoint, a genre and year filter. */
    public static Options defaults(String baseUrl, long[] userIds) {
      return new Options(baseUrl, userIds, 10,
          "{\"genres\":[\"Drama\",\"Comedy\"],\"year_min\":1980}", 64, Duration.ofSeconds(5),
          Duration.ofSeconds(30), 42);
    }
  }

  /** One endpoint's measured load. */
  record Load(long requests, long errors, double seconds, double p50, double p99) {
    double rps() {
      return requests / seconds;
    }
  }

  private final Options options;
  private final PrintStream out;

  public ApiBenchmark(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public Map<String, Object> run() throws InterruptedException {
    Load fast = endpoint("/recommend_fast", false);
    Load filter = endpoint("/recommend_filter", true);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("benchmark", "api");
    result.put("fast_rps", Latencies.round(fast.rps()));
    result.put("fast_p50_ms", Latencies.round(fast.p50()));
    result.put("fast_p99_ms", Latencies.round(fast.p99()));
    result.put("filter_rps", Latencies.round(filter.rps()));
    result.put("filter_p50_ms", Latencies.round(filter.p50()));
    result.put("filter_p99_ms", Latencies.round(filter.p99()));
    result.put("errors", fast.errors() + filter.errors());
    result.put("concurrency", options.concurrency());
    result.put("k", options.k());
    result.put("users", options.userIds().length);
    result.put("client", "one kept-alive HTTP/1.1 connection per client thread");
    return result;
  }

  private Load endpoint(String path, boolean filtered) throws InterruptedException {
    out.printf("api: %s warm-up %s, then %s with %d clients%n", path, options.warmup(),
        options.duration(), options.concurrency());
    loop(path, filtered, options.warmup(), new Latencies(), new AtomicLong());
    Latencies latencies = new Latencies();
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime();
    long requests = loop(path, filtered, options.duration(), latencies, errors);
    double seconds = (System.nanoTime() - start) / 1e9;
    Load load = new Load(requests, errors.get(), seconds, latencies.percentile(0.50),
        latencies.percentile(0.99));
    out.printf("api: %s %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors%n", path, load.rps(),
        load.p50(), load.p99(), load.errors());
    return load;
  }

  /**
   * Runs the closed loop for a while, one thread and connection per client; returns the
   * requests completed.
   */
  private long loop(String path, boolean filtered, Duration duration, Latencies latencies,
                    AtomicLong errors) throws InterruptedException {
    if (duration.isZero() || duration.isNegative()) {
      return 0;
    }
    URI base = URI.create(options.baseUrl().replaceAll("/+$", ""));
    long end = System.nanoTime() + duration.toNanos();
    AtomicLong done = new AtomicLong();
    Thread[] clients = new Thread[options.concurrency()];
    for (int c = 0; c < clients.length; c++) {
      SplittableRandom random = new SplittableRandom(options.seed() + c);
      clients[c] = new Thread(() -> {
        try (KeepAliveHttpClient client = new KeepAliveHttpClient(base, Duration.ofSeconds(10))) {
          while (System.nanoTime() < end) {
            byte[] body = requestBody(random.nextInt(options.userIds().length), filtered);
            long start = System.nanoTime();
            boolean ok;
            try {
              ok = client.postJson(path, body).status() == 200;
            } catch (IOException | RuntimeException e) {
              ok = false;
            }
            latencies.add((System.nanoTime() - start) / 1e6);
            done.incrementAndGet();
            if (!ok) {
              errors.incrementAndGet();
            }
          }
        }
      }, "api-bench-client-" + c);
      clients[c].setDaemon(true);
      clients[c].start();
    }
    for (Thread client : clients) {
      client.join(duration.toMillis() + 30_000);
      if (client.isAlive()) {
        out.println("api: a client's request did not finish within 30 s of the end");
      }
    }
    return done.get();
  }

  private byte[] requestBody(int userIndex, boolean filtered) {
    long user = options.userIds()[userIndex];
    String body = filtered
        ? "{\"user_id\":" + user + ",\"k\":" + options.k() + ",\"filters\":"
            + options.filtersJson() + "}"
        : "{\"user_id\":" + user + ",\"k\":" + options.k() + "}";
    return body.getBytes(StandardCharsets.UTF_8);
  }
}
