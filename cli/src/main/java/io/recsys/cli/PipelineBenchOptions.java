package io.recsys.cli;

import io.recsys.cli.bench.PipelineStack;
import io.recsys.ingest.dataset.Dataset;
import io.recsys.ingest.dataset.DatasetLocation;
import io.recsys.ingest.replay.DatasetReplay;
import io.recsys.recommender.bench.UserSequences;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the pipeline benchmarks (freshness, replay, api) run against: by default a fresh
 * {@code recsys demo} in a child process with the shipped model and the ML-1M catalogue;
 * with {@code --url} and {@code --bootstrap-servers}, a system that already runs.
 */
final class PipelineBenchOptions {

  @Mixin
  ModelOptions model;

  @Option(names = "--url", paramLabel = "URL",
      description = "Recommender of a running system (with --bootstrap-servers); default: start one.")
  String url;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "Kafka of a running system (with --url).")
  String bootstrapServers;

  @Option(names = "--set", paramLabel = "PROPERTY=VALUE",
      description = "A recommender setting for the started system, e.g. recsys.recommender.index-kind=FLAT.")
  List<String> settings = new ArrayList<>();

  PipelineStack open() throws IOException, InterruptedException {
    PipelineStack stack;
    if (url != null || bootstrapServers != null) {
      if (url == null || bootstrapServers == null) {
        throw new IllegalArgumentException("--url and --bootstrap-servers go together");
      }
      stack = PipelineStack.existing(bootstrapServers, url);
    } else {
      stack = PipelineStack.launch(model.bundle().toAbsolutePath(), Path.of("var", "bench-pipeline.log"),
          settings, System.out);
    }
    new DatasetReplay(stack.kafka(), DatasetLocation.fromEnvironment(), System.out)
        .publishCatalog(Dataset.ML_1M);
    return stack;
  }

  static UserSequences ml1m() throws IOException {
    return UserSequences.ml1m(DatasetLocation.fromEnvironment().root());
  }
}
