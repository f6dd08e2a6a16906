package io.recsys.cli.bench;

import static io.recsys.cli.bench.BenchRuntime.jsonPost;
import static io.recsys.recommender.bench.Latencies.round;

import io.recsys.gsasrec.bundle.BundleWriter;
import io.recsys.gsasrec.bundle.ModelBundle;
import io.recsys.gsasrec.checkpoint.FloatTensor;
import io.recsys.gsasrec.checkpoint.StateDict;
import io.recsys.recommender.bench.UserSequences;
import io.recsys.schemas.Topics;
import io.recsys.schemas.avro.EventSource;
import io.recsys.schemas.avro.RatingEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code bench rollout}: seconds from the announcement of a new model version to the
 * recommender answering every query with it, under closed-loop query load, and how many
 * queries failed meanwhile. The new version is the served bundle with one weight nudged (so
 * another content hash, the same quality), written beside the benchmark's log.
 */
public final class RolloutBenchmark {

  private static final Pattern VERSION = Pattern.compile("\"model_version\"\\s*:\\s*\"([^\"]+)\"");

  /**
   * @param publish announces a bundle on model-versions (the CLI's publisher)
   */
  public record Options(Map<String, Object> kafka, String recommenderUrl, Path bundle,
                        Path workDir, UserSequences users, int clients, Duration timeout,
                        Consumer<ModelBundle> publish) {
  }

  private final Options options;
  private final PrintStream out;

  public RolloutBenchmark(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public Map<String, Object> run() throws Exception {
    ModelBundle current = ModelBundle.load(options.bundle());
    ModelBundle next = ModelBundle.load(writeVariant(current, options.workDir().resolve(
        "rollout-variant")));
    out.printf("rollout: %s in service, %s to roll out%n", current.modelVersion(),
        next.modelVersion());
    seedUsers();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String url = options.recommenderUrl().replaceAll("/+$", "") + "/recommend_fast";
    awaitAnswersWith(client, url, current.modelVersion());

    AtomicLong queries = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong firstNewNanos = new AtomicLong(Long.MAX_VALUE);
    AtomicLong lastOldNanos = new AtomicLong(0);
    long[] announcedAt = {Long.MAX_VALUE};
    Thread[] loaders = new Thread[options.clients()];
    long end = System.nanoTime() + options.timeout().toNanos();
    for (int c = 0; c < loaders.length; c++) {
      SplittableRandom random = new SplittableRandom(42 + c);
      loaders[c] = new Thread(() -> {
        while (System.nanoTime() < end && (firstNewNanos.get() == Long.MAX_VALUE
            || System.nanoTime() - firstNewNanos.get() < 5_000_000_000L)) {
          long user = options.users().userIds()[random.nextInt(options.users().users())];
          String version = query(client, url, user);
          long now = System.nanoTime();
          queries.incrementAndGet();
          if (version == null) {
            failed.incrementAndGet();
          } else if (version.equals(next.modelVersion())) {
            firstNewNanos.accumulateAndGet(now, Math::min);
          } else if (now > announcedAt[0]) {
            lastOldNanos.accumulateAndGet(now, Math::max);
          }
        }
      }, "rollout-bench-client-" + c);
      loaders[c].start();
    }
    Thread.sleep(2_000); // load before the announcement, so the swap happens under it
    announcedAt[0] = System.nanoTime();
    options.publish().accept(next);
    out.printf("rollout: announced %s; waiting for answers with it%n", next.modelVersion());
    for (Thread t : loaders) {
      t.join();
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("benchmark", "rollout");
    boolean reached = firstNewNanos.get() != Long.MAX_VALUE;
    long allNew = Math.max(firstNewNanos.get(), lastOldNanos.get());
    result.put("seconds_to_new_model", reached ? round((allNew - announcedAt[0]) / 1e9) : null);
    result.put("seconds_to_first_answer", reached
        ? round((firstNewNanos.get() - announcedAt[0]) / 1e9) : null);
    result.put("failed_queries", failed.get());
    result.put("queries", queries.get());
    result.put("qdrant_points_per_s", null); // no Qdrant server in the loop of this benchmark
    result.put("from_version", current.modelVersion());
    result.put("to_version", next.modelVersion());
    result.put("clients", options.clients());
    return result;
  }

  /** The same bundle with one weight nudged by 1e-6: another version, the same answers. */
  static Path writeVariant(ModelBundle bundle, Path dir) throws IOException {
    Map<String, FloatTensor> tensors = new LinkedHashMap<>(bundle.weights().asMap());
    Map.Entry<String, FloatTensor> first = tensors.entrySet().iterator().next();
    float[] data = first.getValue().data().clone();
    data[data.length - 1] += 1e-6f;
    tensors.put(first.getKey(), new FloatTensor(first.getValue().shape(), data));
    BundleWriter writer = new BundleWriter().metrics(bundle.metrics())
        .training("rollout-benchmark", Map.of("variant_of", bundle.modelVersion()));
    bundle.externalItemIds().ifPresent(writer::itemIds);
    writer.write(dir, bundle.config(), new StateDict(tensors));
    return dir;
  }

  /** Gives the benchmark's users histories, so their answers come from the model. */
  private void seedUsers() throws Exception {
    try (KafkaProducer<Long, RatingEvent> producer = new KafkaProducer<>(options.kafka(),
        Topics.RATINGS.keySerde().serializer(), Topics.RATINGS.valueSerde().serializer())) {
      Instant t = Instant.now().minusSeconds(3600);
      for (int u = 0; u < options.users().users(); u++) {
        long user = options.users().userIds()[u];
        long[] movies = options.users().movies().get(u);
        for (int i = Math.max(0, movies.length - 20); i < movies.length; i++) {
          producer.send(new ProducerRecord<>(Topics.RATINGS.name(), user, new RatingEvent(
              "rollout-" + user + "-" + i, user, movies[i], 4.0f, t.plusMillis(i),
              EventSource.KAFKA)));
        }
      }
      producer.flush();
    }
    out.printf("rollout: seeded %d users%n", options.users().users());
  }

  /**
   * Until every seeded user is answered by the model (not with popular movies, as before its
   * history arrives), so that the measurement counts only the rollout.
   */
  private void awaitAnswersWith(HttpClient client, String url, String version)
      throws InterruptedException {
    long deadline = System.nanoTime() + options.timeout().toNanos();
    for (int u = 0; u < options.users().users(); u++) {
      long user = options.users().userIds()[u];
      while (!version.equals(query(client, url, user))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the recommender did not answer user " + user
              + " with model " + version + " within " + options.timeout());
        }
        Thread.sleep(50);
      }
    }
  }

  /** The answer's model version; "" for a popular-movies answer; null for a failed query. */
  static String query(HttpClient client, String url, long user) {
    try {
      HttpResponse<String> response = client.send(
          jsonPost(url, "{\"user_id\":" + user + ",\"k\":10}"), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return null;
      }
      Matcher m = VERSION.matcher(response.body());
      return m.find() ? m.group(1) : "";
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

}
