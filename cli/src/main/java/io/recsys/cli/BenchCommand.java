package io.recsys.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.recsys.cli.bench.IngestBenchmark;
import io.recsys.gsasrec.bench.EncodeBenchmark;
import io.recsys.gsasrec.bench.TrainBenchmark;
import io.recsys.index.bench.IndexBenchmark;
import io.recsys.ingest.dataset.DatasetLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code recsys bench NAME}: each benchmark prints progress, then one JSON object last. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Run a benchmark; its result is one JSON object on the last line.",
    subcommands = {BenchCommand.Ingest.class, BenchCommand.Encode.class, BenchCommand.Index.class,
        BenchCommand.Train.class})
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

    @Option(names = "--threads", defaultValue = "2", description = "Default ${DEFAULT-VALUE}.")
    int threads;

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
    public Integer call() {
      IndexBenchmark.Options o = IndexBenchmark.Options.parse(options);
      Path shipped = ModelOptions.SHIPPED.resolve("item_embeddings.f32");
      if (o.itemEmbeddings() == null && Files.isRegularFile(shipped)) {
        int columns = embeddingColumns(shipped);
        if (columns == IndexBenchmark.Options.DIMENSION) {
          o = o.withItemEmbeddings(shipped);
        } else {
          System.out.println("the shipped model's item table has d " + columns + ", the benchmark's ML-1M"
              + " table d " + IndexBenchmark.Options.DIMENSION + ": using random unit vectors");
        }
      }
      printResult(IndexBenchmark.run(o, System.out));
      return 0;
    }
  }

  /** Columns of an RSVF float matrix: magic, int32 rows, int32 cols, little-endian. */
  private static int embeddingColumns(Path file) {
    try (var in = Files.newInputStream(file)) {
      byte[] header = in.readNBytes(12);
      return java.nio.ByteBuffer.wrap(header).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + file, e);
    }
  }

  @Command(name = "train", mixinStandardHelpOptions = true,
      description = "Seconds per step at the reference ML-1M config over one pass over all users,"
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
}
