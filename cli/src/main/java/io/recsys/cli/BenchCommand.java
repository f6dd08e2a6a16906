package io.recsys.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.recsys.cli.bench.IngestBenchmark;
import io.recsys.gsasrec.bench.EncodeBenchmark;
import io.recsys.gsasrec.model.DjlRuntime;
import io.recsys.gsasrec.bundle.ModelBundle;
import io.recsys.gsasrec.bench.TrainBenchmark;
import io.recsys.index.bench.IndexBenchmark;
import io.recsys.cli.bench.FaultBenchmark;
import io.recsys.cli.bench.PipelineStack;
import io.recsys.cli.bench.RolloutBenchmark;
import io.recsys.cli.bench.SoakBenchmark;
import io.recsys.ingest.dataset.DatasetLocation;
import io.recsys.recommender.bench.ApiBenchmark;
import io.recsys.recommender.bench.FreshnessBenchmark;
import io.recsys.recommender.bench.ReplayBenchmark;
import io.recsys.recommender.bench.UserSequences;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code recsys bench NAME}: each benchmark prints progress, then one JSON object last. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Run a benchmark; its result is one JSON object on the last line.",
    subcommands = {BenchCommand.Ingest.class, BenchCommand.Encode.class, BenchCommand.Index.class,
        BenchCommand.Train.class, BenchCommand.Replay.class, BenchCommand.Freshness.class,
        BenchCommand.Api.class, BenchCommand.Rollout.class,
        BenchCommand.Faults.class, BenchCommand.Soak.class})
final class BenchCommand implements Runnable {

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static void printResult(Map<String, Object> result) {
    try {
      System.out.println(new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(result));
    } catch (Exception e) {
      throw new IllegalStateException("Cannot print the benchmark result", e);
    }
  }

  @Command(name = "ingest", mixinStandardHelpOptions = true,
      description = "Events/s accepted by POST /ratings/batch and published by replay.")
  static final class Ingest implements Callable<Integer> {

    @Option(names = "--events", defaultValue = "300000",
        description = "Events posted in the measured phase (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--batch-size", defaultValue = "1000", description = "Default ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--clients", defaultValue = "4",
        description = "Concurrent HTTP clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Override
    public Integer call() throws Exception {
      printResult(new IngestBenchmark(events, batchSize, clients, System.out).run());
      return 0;
    }
  }

  private static Path ml1mSplit() {
    return DatasetLocation.fromEnvironment().root().resolve("ml-1m-sasrec");
  }

  @Command(name = "encode", mixinStandardHelpOptions = true,
      description = "User embeddings/s for all 6,040 ML-1M histories and single-history latency.")
  static final class Encode implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--threads", defaultValue = "2", description = "Concurrent callers (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--intra-op-threads", defaultValue = "1",
        description = "libtorch threads per call, as the recommender's model-threads (default ${DEFAULT-VALUE}).")
    int intraOpThreads;

    @Option(names = "--samples", defaultValue = "2000",
        description = "Single-history encodes timed after warm-up (default ${DEFAULT-VALUE}).")
    int samples;

    @Override
    public Integer call() throws Exception {
      Path bundle = Files.isDirectory(model.bundle()) ? model.bundle() : null;
      if (bundle == null) {
        System.out.println("no bundle at " + model.bundle() + ": measuring a random-init model of the"
            + " reference ML-1M architecture (cost does not depend on the weights)");
      }
      Path input = ml1mSplit().resolve("train").resolve("input.txt");
      DjlRuntime.setIntraOpThreads(intraOpThreads);
      printResult(EncodeBenchmark.run(new EncodeBenchmark.Options(input, bundle, threads, samples, 42)));
      return 0;
    }
  }

  @Command(name = "index", mixinStandardHelpOptions = true,
      description = "Every index kind on the ML-1M item table and a 1M synthetic table."
          + " Options are passed through: --synthetic-size N --queries N --kinds exact,flat,ivf_flat,hnsw"
          + " --ef-sweep 32,128 --threads N --qps-seconds S --item-embeddings FILE.")
  static final class Index implements Callable<Integer> {

    @picocli.CommandLine.Unmatched
    String[] options = new String[0];

    @Override
    public Integer call() throws Exception {
      IndexBenchmark.Options o = IndexBenchmark.Options.parse(options);
      Path shipped = ModelOptions.SHIPPED.resolve("item_embeddings.f32");
      // the table the service searches, at the shipped model's d (the 128 assumed d 128)
      if (o.itemEmbeddings() == null && Files.isRegularFile(shipped)) {
        o = o.withItemEmbeddings(shipped);
      }
      printResult(IndexBenchmark.run(o, System.out));
      return 0;
    }
  }

  @Command(name = "train", mixinStandardHelpOptions = true,
      description = "Seconds per step at the reference ML-1M config over one pass over all users (after"
          + " 10 uncounted warm-up steps),"
          + " and the minutes to NDCG@10 0.15/0.18/0.19 from the shipped model's training log.")
  static final class Train implements Callable<Integer> {

    @Option(names = "--training-log", paramLabel = "FILE",
        description = "Log of a default training run (default: models/ml-1m/training.log).")
    Path trainingLog;

    @Override
    public Integer call() throws Exception {
      Path log = trainingLog != null ? trainingLog : ModelOptions.SHIPPED.resolve("training.log");
      printResult(new LinkedHashMap<>(TrainBenchmark.run(ml1mSplit(), log, System.out)));
      return 0;
    }
  }

  @Command(name = "replay", mixinStandardHelpOptions = true,
      description = "The whole ML-1M split (987,019 events) through the pipeline: seconds until every"
          + " user's embedding reflects their last event.")
  static final class Replay implements Callable<Integer> {

    @Mixin
    PipelineBenchOptions pipeline;

    @Option(names = "--timeout", defaultValue = "PT15M", description = "Default ${DEFAULT-VALUE}.")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
      UserSequences data = PipelineBenchOptions.ml1m();
      try (PipelineStack stack = pipeline.open()) {
        printResult(new ReplayBenchmark(new ReplayBenchmark.Options(stack.kafka(), data, timeout),
            System.out).run());
      }
      return 0;
    }
  }

  @Command(name = "freshness", mixinStandardHelpOptions = true,
      description = "Event-to-recommendation time at a fixed rate over all ML-1M users, read from the"
          + " recommendations topic, and the rate where p99 crosses 1 s.")
  static final class Freshness implements Callable<Integer> {

    @Mixin
    PipelineBenchOptions pipeline;

    @Option(names = "--rate", defaultValue = "200", description = "Events/s of the fixed-rate phase (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--warmup", defaultValue = "PT60S",
        description = "Unmeasured time at the fixed rate first (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--duration", defaultValue = "PT60S", description = "Default ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--saturation-rates", split = ",", paramLabel = "EVENTS_PER_S",
        description = "Rates tried after the fixed-rate phase until p99 crosses 1 s (default"
            + " 400,800,...,12800); --saturation-rates 0 skips the search.")
    List<Double> saturationRates;

    @Override
    public Integer call() throws Exception {
      UserSequences data = PipelineBenchOptions.ml1m();
      try (PipelineStack stack = pipeline.open()) {
        FreshnessBenchmark.Options d = FreshnessBenchmark.Options.defaults(stack.kafka(), data);
        FreshnessBenchmark.Options o = new FreshnessBenchmark.Options(d.kafka(), d.data(), rate, warmup, duration,
            saturationRates == null ? d.saturationRates()
                : saturationRates.stream().filter(r -> r > 0).toList(), d.stepDuration(),
            d.thresholdMs(), d.drainTimeout());
        printResult(new FreshnessBenchmark(o, System.out).run());
      }
      return 0;
    }
  }

  @Command(name = "api", mixinStandardHelpOptions = true,
      description = "Closed-loop load from this process on /recommend_fast and /recommend_filter"
          + " (k 10, ML-1M users, after replaying the ML-1M split): requests/s, p50, p99.")
  static final class Api implements Callable<Integer> {

    @Mixin
    PipelineBenchOptions pipeline;

    @Option(names = "--duration", defaultValue = "PT30S", description = "Per endpoint (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--concurrency", defaultValue = "16",
        description = "Requests in flight, closed loop (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--warmup", defaultValue = "PT60S",
        description = "Per endpoint, not measured; long enough for the work a replay leaves behind"
            + " to settle (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--no-replay", negatable = false,
        description = "Do not replay ML-1M first (the running system has the users already).")
    boolean noReplay;

    @Override
    public Integer call() throws Exception {
      UserSequences data = PipelineBenchOptions.ml1m();
      try (PipelineStack stack = pipeline.open()) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (!noReplay) {
          Map<String, Object> replay = new ReplayBenchmark(new ReplayBenchmark.Options(stack.kafka(), data,
              Duration.ofMinutes(15)), System.out).run();
          result.put("replay_seconds_to_fresh", replay.get("seconds_to_fresh"));
        }
        ApiBenchmark.Options d = ApiBenchmark.Options.defaults(stack.recommenderUrl(), data.userIds());
        ApiBenchmark.Options o = new ApiBenchmark.Options(d.baseUrl(), d.userIds(), d.k(), d.filtersJson(),
            concurrency, warmup, duration, d.seed());
        result.putAll(new ApiBenchmark(o, System.out).run());
        printResult(result);
      }
      return 0;
    }
  }

  @Command(name = "rollout", mixinStandardHelpOptions = true,
      description = "Seconds from announcing a new model version to the recommender answering every"
          + " query with it, under closed-loop query load, and the queries that failed meanwhile.")
  static final class Rollout implements Callable<Integer> {

    @Mixin
    PipelineBenchOptions pipeline;

    @Option(names = "--users", defaultValue = "1000", description = "ML-1M users seeded and queried (default ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--clients", defaultValue = "8", description = "Closed-loop query clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--timeout", defaultValue = "PT2M", description = "Default ${DEFAULT-VALUE}.")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
      UserSequences data = PipelineBenchOptions.ml1m().firstUsers(users);
      try (PipelineStack stack = pipeline.open()) {
        RolloutBenchmark.Options o = new RolloutBenchmark.Options(stack.kafka(),
            stack.recommenderUrl(), pipeline.model.bundle().toAbsolutePath(), Path.of("var"), data,
            clients, timeout, bundle -> ModelPublisher.announce(stack.kafka(), bundle));
        printResult(new RolloutBenchmark(o, System.out).run());
      }
      return 0;
    }
  }

  @Command(name = "faults", mixinStandardHelpOptions = true,
      description = "Fault scenarios under a live event stream and query load (recommender SIGKILL and"
          + " restart, broker restart, corrupt model, poison records, sync worker SIGKILL mid-rollout and"
          + " restart): events accepted, reflected,"
          + " lost; queries failed; recovery time per scenario.")
  static final class Faults implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--rate", defaultValue = "200", description = "Events/s through the ingest API (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--users", defaultValue = "2000", description = "Users the events are spread over (default ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--timeout", defaultValue = "PT2M", description = "Per wait (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
      Path bundle = model.bundle().toAbsolutePath();
      List<Long> movies = Arrays.stream(ModelBundle.load(bundle).externalItemIds().orElseThrow())
          .mapToObj(i -> (long) i).toList();
      Path var = Files.createDirectories(Path.of("var").toAbsolutePath());
      Path work = Files.createTempDirectory(var, "bench-faults-");
      printResult(new FaultBenchmark(new FaultBenchmark.Options(bundle, work, movies, users, rate,
          timeout, ModelPublisher::announce), System.out).run());
      return 0;
    }
  }

  @Command(name = "soak", mixinStandardHelpOptions = true,
      description = "The recommender under a steady event rate and query load for a while: its RSS,"
          + " threads, heap after GC and GC pauses, and their growth after the warm-up.")
  static final class Soak implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--rate", defaultValue = "200", description = "Events/s (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--clients", defaultValue = "4", description = "Closed-loop query clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--duration", defaultValue = "PT10M", description = "Default ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "PT2M", description = "Not counted in the growth (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--set", paramLabel = "PROPERTY=VALUE",
        description = "A recommender setting, e.g. recsys.recommender.rocksdb-memory=48MB.")
    List<String> settings = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      Path var = Files.createDirectories(Path.of("var").toAbsolutePath());
      printResult(new SoakBenchmark(new SoakBenchmark.Options(model.bundle().toAbsolutePath(),
          Files.createTempDirectory(var, "bench-soak-"), PipelineBenchOptions.ml1m(), rate,
          clients, duration, warmup, settings), System.out).run());
      return 0;
    }
  }
}
