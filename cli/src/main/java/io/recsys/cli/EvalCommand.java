package io.recsys.cli;

import io.recsys.gsasrec.GsasrecEncoder;
import io.recsys.gsasrec.SasrecFiles;
import io.recsys.gsasrec.bundle.ModelBundle;
import io.recsys.gsasrec.eval.Evaluator;
import io.recsys.ingest.dataset.DatasetLocation;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code recsys eval}: leave-one-out NDCG@10, Recall@1 and Recall@10 over the full catalogue. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluate a model: full ranking, seen items excluded, leave-one-out targets.")
final class EvalCommand implements Callable<Integer> {

  @Mixin
  ModelOptions model;

  @Option(names = "--input", paramLabel = "FILE",
      description = "Histories, SASRec format (default: the ML-1M validation split's val/input.txt).")
  Path input;

  @Option(names = "--targets", paramLabel = "FILE",
      description = "One held-out item id per line (default: val/output.txt beside the default input).")
  Path targets;

  @Override
  public Integer call() throws Exception {
    Path split = DatasetLocation.fromEnvironment().root().resolve("ml-1m-sasrec").resolve("val");
    Path in = input != null ? input : split.resolve("input.txt");
    Path out = targets != null ? targets : split.resolve("output.txt");
    List<int[]> histories = SasrecFiles.readSequences(in);
    int[] held = SasrecFiles.readTargets(out);
    ModelBundle bundle = ModelBundle.load(model.bundle());
    try (GsasrecEncoder encoder = bundle.newEncoder()) {
      Evaluator.Result result = Evaluator.evaluate(encoder, histories, held);
      System.out.println(bundle.modelVersion() + " on " + in + ": " + result);
      BenchCommand.printResult(new java.util.LinkedHashMap<>(java.util.Map.of(
          "model", bundle.modelVersion(), "users", result.users(), "ndcg10", result.ndcg10(),
          "recall1", result.recall1(), "recall10", result.recall10())));
    }
    return 0;
  }
}
