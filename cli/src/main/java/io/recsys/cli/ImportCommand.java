package io.recsys.cli;

import io.recsys.gsasrec.GsasrecConfig;
import io.recsys.gsasrec.bundle.BundleWriter;
import io.recsys.gsasrec.bundle.ModelBundle;
import io.recsys.gsasrec.checkpoint.StateDict;
import io.recsys.gsasrec.checkpoint.TorchCheckpointReader;
import io.recsys.gsasrec.model.ArchitectureInference;
import io.recsys.gsasrec.train.TrainingData;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recsys import-checkpoint}: turns a {@code .pt} state dict saved by the reference
 * PyTorch gSASRec (the Python prototype's model) into a model bundle, without Python. N, d, L,
 * the number of blocks and whether the output table is separate come from the tensor shapes;
 * the number of heads is not in a state dict, so it is a flag.
 */
@Command(name = "import-checkpoint", mixinStandardHelpOptions = true,
    description = "Make a model bundle from a reference gSASRec .pt checkpoint (no Python needed).")
final class ImportCommand implements Callable<Integer> {

  @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "The .pt file.")
  Path checkpoint;

  @Option(names = "--heads", defaultValue = "1",
      description = "Attention heads the checkpoint was trained with (default ${DEFAULT-VALUE}).")
  int heads;

  @Option(names = "--item-ids", paramLabel = "FILE",
      description = "'model_id movie_id' per line (e.g. ml-1m-sasrec/sas_to_original_items.txt);"
          + " without it model ids are served as movie ids.")
  Path itemIds;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Bundle directory to write.")
  Path output;

  @Override
  public Integer call() throws Exception {
    StateDict weights = TorchCheckpointReader.read(checkpoint);
    GsasrecConfig config = ArchitectureInference.infer(weights, heads, 0.0);
    BundleWriter writer = new BundleWriter()
        .training("imported", Map.of("source", checkpoint.toAbsolutePath().toString()));
    Optional<int[]> ids = itemIds == null ? Optional.empty()
        : TrainingData.originalIds(itemIds, config.numItems());
    if (itemIds != null && ids.isEmpty()) {
      throw new IllegalArgumentException("item id file not found: " + itemIds.toAbsolutePath());
    }
    ids.ifPresent(writer::itemIds);
    writer.write(output, config, weights);
    ModelBundle bundle = ModelBundle.load(output);
    System.out.println("imported " + checkpoint + " (" + config.numItems() + " items, d "
        + config.embeddingDim() + ", L " + config.sequenceLength() + ", " + config.numBlocks()
        + " blocks, " + heads + " heads, output table " + (config.reuseItemEmbeddings() ? "reused" : "separate")
        + ") as " + bundle.modelVersion() + " in " + output);
    return 0;
  }
}
