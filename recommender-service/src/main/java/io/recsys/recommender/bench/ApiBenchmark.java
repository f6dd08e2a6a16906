package io.recsys.recommender.bench;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
    ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "api-bench-client");
      t.setDaemon(true);
      return t;
    });
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).executor(executor).build();
    try {
      Load fast = endpoint(client, "/recommend_fast", false);
      Load filter = endpoint(client, "/recommend_filter", true);
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
      return result;
    } finally {
      executor.shutdownNow();
    }
  }

  private Load endpoint(HttpClient client, String path, boolean filtered)
      throws InterruptedException {
    out.printf("api: %s warm-up %s, then %s with %d clients%n", path, options.warmup(),
        options.duration(), options.concurrency());
    loop(client, path, filtered, options.warmup(), new Latencies(), new AtomicLong());
    Latencies latencies = new Latencies();
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime();
    long requests = loop(client, path, filtered, options.duration(), latencies, errors);
    double seconds = (System.nanoTime() - start) / 1e9;
    Load load = new Load(requests, errors.get(), seconds, latencies.percentile(0.50),
        latencies.percentile(0.99));
    out.printf("api: %s %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors%n", path, load.rps(),
        load.p50(), load.p99(), load.errors());
    return load;
  }

  /** Runs the closed loop for a while; returns the requests completed. */
  private long loop(HttpClient client, String path, boolean filtered, Duration duration,
                    Latencies latencies, AtomicLong errors) throws InterruptedException {
    if (duration.isZero() || duration.isNegative()) {
      return 0;
    }
    URI uri = URI.create(options.baseUrl().replaceAll("/+$", "") + path);
    long end = System.nanoTime() + duration.toNanos();
    AtomicLong done = new AtomicLong();
    CountDownLatch finished = new CountDownLatch(options.concurrency());
    for (int c = 0; c < options.concurrency(); c++) {
      SplittableRandom random = new SplittableRandom(options.seed() + c);
      next(client, uri, filtered, random, end, latencies, errors, done, finished);
    }
    if (!finished.await(duration.toMillis() + 30_000, TimeUnit.MILLISECONDS)) {
      out.println("api: some requests did not finish within 30 s of the end");
    }
    return done.get();
  }

  private void next(HttpClient client, URI uri, boolean filtered, SplittableRandom random,
                    long end, Latencies latencies, AtomicLong errors, AtomicLong done,
                    CountDownLatch finished) {
    if (System.nanoTime() >= end) {
      finished.countDown();
      return;
    }
    long user = options.userIds()[random.nextInt(options.userIds().length)];
    String body = filtered
        ? "{\"user_id\":" + user + ",\"k\":" + options.k() + ",\"filters\":"
            + options.filtersJson() + "}"
        : "{\"user_id\":" + user + ",\"k\":" + options.k() + "}";
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    long start = System.nanoTime();
    client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete((response, error) -> {
          latencies.add((System.nanoTime() - start) / 1e6);
          done.incrementAndGet();
          if (error != null || response.statusCode() != 200) {
            errors.incrementAndGet();
          }
          next(client, uri, filtered, random, end, latencies, errors, done, finished);
        });
  }
}
