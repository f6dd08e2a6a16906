package io.recsys.cli;

import io.recsys.gsasrec.train.LossKind;
import io.recsys.gsasrec.train.TrainConfig;
import io.recsys.gsasrec.train.TrainResult;
import io.recsys.gsasrec.train.Trainer;
import io.recsys.ingest.dataset.DatasetLocation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recsys train}: trains gSASRec on a SASRec-format split and writes the best model as a
 * bundle. The defaults are the shipped model's recipe (see README, "Training"); every setting
 * can be changed, and an interrupted run with the same settings resumes from its checkpoint.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train gSASRec; the best model by validation NDCG@10 is written as a bundle.")
final class TrainCommand implements Callable<Integer> {

  @Option(names = "--dataset", paramLabel = "DIR",
      description = "SASRec-format split (train/input.txt, val/input.txt, val/output.txt)."
          + " Default: $RECSYS_DATASETS/ml-1m-sasrec.")
  Path dataset;

  @Option(names = "--output", defaultValue = "var/models/ml-1m", paramLabel = "DIR",
      description = "Where the best bundle is written (default ${DEFAULT-VALUE});"
          + " resumable state goes to DIR.ckpt.")
  Path output;

  @Option(names = "--loss", defaultValue = "softmax",
      description = "softmax (full cross-entropy) or gbce (default ${DEFAULT-VALUE}).")
  String loss;

  @Option(names = "--negatives", defaultValue = "256", description = "gBCE negatives k (default ${DEFAULT-VALUE}).")
  int negatives;

  @Option(names = "--gbce-t", defaultValue = "0.75", description = "gBCE calibration t (default ${DEFAULT-VALUE}).")
  double gbceT;

  @Option(names = "--seq-len", defaultValue = "200", description = "L (default ${DEFAULT-VALUE}).")
  int sequenceLength;

  @Option(names = "--dim", defaultValue = "64", description = "d (default ${DEFAULT-VALUE}).")
  int dim;

  @Option(names = "--blocks", defaultValue = "2", description = "Transformer blocks (default ${DEFAULT-VALUE}).")
  int blocks;

  @Option(names = "--heads", defaultValue = "1", description = "Attention heads (default ${DEFAULT-VALUE}).")
  int heads;

  @Option(names = "--dropout", defaultValue = "0.2", description = "Default ${DEFAULT-VALUE}.")
  double dropout;

  @Option(names = "--reuse-item-embeddings", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Score with the input table (default) or, negated, with a separate output table.")
  boolean reuse;

  @Option(names = "--init-scale", defaultValue = "0.02",
      description = "Std of the embedding initialisation (1.0 = PyTorch's default; default ${DEFAULT-VALUE}).")
  double initScale;

  @Option(names = "--batch", defaultValue = "128", description = "Default ${DEFAULT-VALUE}.")
  int batch;

  @Option(names = "--earlier-windows", defaultValue = "0.5", paramLabel = "SHARE",
      description = "Share of the passes in which a history longer than L+1 gives an earlier window of its items "
          + "instead of its last L+1 (0 = the reference's sampling; default ${DEFAULT-VALUE}).")
  double earlierWindows;

  @Option(names = "--weigh-positions", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Weigh every position the same, as unsorted batches do (default), or, negated, every batch's "
          + "mean the same (batches are sorted by length, so that favours short histories).")
  boolean weighPositions;

  @Option(names = "--steps-per-epoch", defaultValue = "100",
      description = "Steps between validations (default ${DEFAULT-VALUE}).")
  int stepsPerEpoch;

  @Option(names = "--lr", defaultValue = "0.001", description = "Peak learning rate (default ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--warmup", defaultValue = "100", description = "Warm-up steps (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--decay-steps", defaultValue = "9000",
      description = "Cosine decay length after warm-up; 0 keeps the rate constant (default ${DEFAULT-VALUE}).")
  long decaySteps;

  @Option(names = "--min-lr-factor", defaultValue = "0.1", description = "Default ${DEFAULT-VALUE}.")
  double minLrFactor;

  @Option(names = "--clip-norm", defaultValue = "1.0",
      description = "Scale gradients down to this global L2 norm when larger; 0 never clips (default ${DEFAULT-VALUE}).")
  double clipNorm;

  @Option(names = "--weight-decay", defaultValue = "0",
      description = "Decoupled (AdamW) weight decay; 0 is plain Adam (default ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(names = "--average-decay", defaultValue = "0", paramLabel = "DECAY",
      description = "Validate and ship an exponential moving average of the weights with this decay per step"
          + " (e.g. 0.999); 0 uses the weights themselves (default ${DEFAULT-VALUE}).")
  double averageDecay;

  @Option(names = "--patience", defaultValue = "1000",
      description = "Epochs without improvement before stopping (default ${DEFAULT-VALUE}).")
  int patience;

  @Option(names = "--max-epochs", defaultValue = "100000", description = "Default ${DEFAULT-VALUE}.")
  int maxEpochs;

  @Option(names = "--max-minutes", defaultValue = "110",
      description = "Time budget of this invocation (default ${DEFAULT-VALUE}).")
  double maxMinutes;

  @Option(names = "--validation-users", defaultValue = "512", description = "Default ${DEFAULT-VALUE}.")
  int validationUsers;

  @Option(names = "--seed", defaultValue = "42", description = "Default ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--no-resume", negatable = false, description = "Ignore an existing checkpoint.")
  boolean noResume;

  @Option(names = "--print-every", defaultValue = "20", description = "Progress line every N steps.")
  int printEvery;

  @Override
  public Integer call() throws Exception {
    Path data = dataset != null ? dataset : DatasetLocation.fromEnvironment().root().resolve("ml-1m-sasrec");
    TrainConfig config = TrainConfig.builder(data, output)
        .loss(LossKind.valueOf(loss.toUpperCase()))
        .negatives(negatives).gbceT(gbceT)
        .sequenceLength(sequenceLength).embeddingDim(dim).numBlocks(blocks).numHeads(heads)
        .dropout(dropout).reuseItemEmbeddings(reuse).embeddingInitScale(initScale)
        .batchSize(batch).earlierWindowShare(earlierWindows).weighPositions(weighPositions).stepsPerEpoch(stepsPerEpoch).maxEpochs(maxEpochs).patienceEpochs(patience)
        .maxDuration(Duration.ofMillis((long) (maxMinutes * 60_000)))
        .learningRate(lr).warmupSteps(warmup).decaySteps(decaySteps).minLearningRateFactor(minLrFactor)
        .clipNorm(clipNorm).weightDecay(weightDecay).averageDecay(averageDecay)
        .validationUsers(validationUsers).seed(seed).resume(!noResume)
        .build();
    System.out.println("training on " + data + " -> " + output + " with " + config.describe());
    TrainResult result = Trainer.train(config, Trainer.printing(System.out, printEvery));
    System.out.println("best model: " + result);
    return 0;
  }
}
