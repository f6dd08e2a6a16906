package io.recsys.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.recsys.cli.bench.IngestBenchmark;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code recsys bench NAME}: each benchmark prints progress, then one JSON object last. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Run a benchmark; its result is one JSON object on the last line.",
    subcommands = {BenchCommand.Ingest.class})
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
}
