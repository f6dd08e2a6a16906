package io.recsys.cli;

import io.recsys.gsasrec.GsasrecEncoder;
import io.recsys.gsasrec.bundle.ModelBundle;
import io.recsys.gsasrec.eval.Predictor;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code recsys predict}: an external contract (DESIGN.md). Reads SASRec-format lines and prints
 * one line per input line with the K recommended ids, best first, seen items excluded. Nothing
 * else goes to standard output, so the output can be piped.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Recommend for each line of a SASRec-format file: K ids per line, best first.")
final class PredictCommand implements Callable<Integer> {

  @Mixin
  ModelOptions model;

  @Option(names = "--input", required = true, paramLabel = "FILE",
      description = "One user a line: space-separated model item ids, oldest first.")
  Path input;

  @Option(names = "--k", defaultValue = "10", description = "Ids per line (default ${DEFAULT-VALUE}).")
  int k;

  @Override
  public Integer call() throws Exception {
    if (k < 1) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(this), "--k must be at least 1, got " + k);
    }
    ModelBundle bundle = ModelBundle.load(model.bundle());
    try (GsasrecEncoder encoder = bundle.newEncoder();
         BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))) {
      long lines = new Predictor(encoder).predict(input, out, k);
      System.err.println("predict: " + lines + " lines with " + bundle.modelVersion());
    }
    return 0;
  }
}
