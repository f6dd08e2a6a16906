package io.recsys.gsasrec.train;

import io.recsys.gsasrec.GsasrecConfig;
import io.recsys.gsasrec.GsasrecEncoder;
import io.recsys.gsasrec.bundle.BundleWriter;
import io.recsys.gsasrec.checkpoint.StateDict;
import io.recsys.gsasrec.eval.Evaluator;
import io.recsys.gsasrec.model.DjlRuntime;
import io.recsys.gsasrec.model.GsasrecParameters;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Trains gSASRec: Adam (optionally with decoupled weight decay), gBCE with batch-shared negatives
 * or full softmax, validation NDCG@10 after every epoch (of a moving average of the weights when
 * configured), the best model kept as a bundle, early stopping, a time budget, and resumable
 * checkpoints at epoch boundaries. Deterministic given the seed: batches, negatives and dropout
 * masks are drawn from generators reseeded from (seed, epoch), which also makes a resumed run
 * continue exactly as an uninterrupted one would.
 */
public final class Trainer {

    /** Non-finite batches in a row after which a run counts as diverged rather than unlucky. */
    static final int MAX_SKIPPED_IN_A_ROW = 10;

    private Trainer() {}

    public static TrainResult train(TrainConfig config, ProgressListener listener) throws IOException {
        TrainingData data = TrainingData.load(config.dataset()).limitValidation(config.validationUsers());
        GsasrecConfig model = new GsasrecConfig(data.numItems(), config.sequenceLength(), config.embeddingDim(),
                config.numHeads(), config.numBlocks(), config.dropout(), config.reuseItemEmbeddings());
        Optional<TrainingCheckpoint.Loaded> resumed = config.resume()
                ? TrainingCheckpoint.load(config.checkpointDir()) : Optional.empty();
        resumed.ifPresent(r -> requireSameRun(r.state(), config, data));
        try (GsasrecParameters params = resumed.isPresent()
                ? GsasrecParameters.fromStateDict(model, resumed.get().weights())
                : GsasrecParameters.random(model, config.seed(), config.embeddingInitScale());
             AdamOptimizer adam = new AdamOptimizer(params.all(), params.manager())) {
            params.setTrainable(true);
            resumed.ifPresent(r -> adam.restore(r.optimizer()));
            WeightAverage average = !config.averagesWeights() ? null
                    : resumed.flatMap(TrainingCheckpoint.Loaded::average)
                            .map(state -> WeightAverage.restore(state, config.averageDecay()))
                            .orElseGet(() -> WeightAverage.startingAt(params.toStateDict(), config.averageDecay()));
            return new Run(config, data, model, params, adam, average, listener)
                    .execute(resumed.map(TrainingCheckpoint.Loaded::state));
        }
    }

    private static void requireSameRun(TrainingCheckpoint.State state, TrainConfig config, TrainingData data) {
        Map<String, Object> now = normalise(config.describe());
        if (!now.equals(normalise(state.trainConfig())) || !data.dataHash().equals(state.dataHash())) {
            throw new IllegalStateException("the checkpoint in " + config.checkpointDir()
                    + " belongs to a different run (settings or data differ); delete it or train with resume off");
        }
    }

    /** JSON round trips turn ints into longs or doubles; compare settings by their text. */
    private static Map<String, Object> normalise(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v instanceof Number n ? Double.toString(n.doubleValue()) : String.valueOf(v)));
        return out;
    }

    /** The mutable state of one training invocation. */
    private static final class Run {
        private final TrainConfig config;
        private final TrainingData data;
        private final GsasrecConfig model;
        private final GsasrecParameters params;
        private final AdamOptimizer adam;
        /** Null when the run validates and ships the weights themselves. */
        private final WeightAverage average;
        private final ProgressListener listener;
        private final BatchSampler sampler;
        private final TrainingStep step;
        private final LearningRateSchedule schedule;
        private long skipped;
        private int skippedInARow;

        Run(TrainConfig config, TrainingData data, GsasrecConfig model, GsasrecParameters params,
            AdamOptimizer adam, WeightAverage average, ProgressListener listener) {
            this.config = config;
            this.data = data;
            this.model = model;
            this.params = params;
            this.adam = adam;
            this.average = average;
            this.listener = listener;
            this.sampler = new BatchSampler(data.train(), data.numItems(), config.sequenceLength(),
                    config.batchSize(), config.seed(), config.earlierWindowShare());
            this.step = new TrainingStep(params, config.loss(), config.negatives(), config.gbceT(),
                    config.weighPositions() ? sampler.meanPositionsPerBatch() : 0);
            this.schedule = LearningRateSchedule.of(config);
        }

        TrainResult execute(Optional<TrainingCheckpoint.State> resumed) throws IOException {
            int firstEpoch = resumed.map(TrainingCheckpoint.State::epochsDone).orElse(0);
            long steps = resumed.map(TrainingCheckpoint.State::steps).orElse(0L);
            double best = resumed.map(TrainingCheckpoint.State::bestNdcg10).orElse(Double.NEGATIVE_INFINITY);
            int bestEpoch = resumed.map(TrainingCheckpoint.State::bestEpoch).orElse(-1);
            int stale = resumed.map(TrainingCheckpoint.State::epochsWithoutImprovement).orElse(0);
            double previousSeconds = resumed.map(TrainingCheckpoint.State::elapsedSeconds).orElse(0.0);
            resumed.ifPresent(s -> listener.onMessage("resumed from " + config.checkpointDir() + " after epoch "
                    + s.epochsDone() + " (step " + s.steps() + ", best NDCG@10 " + s.bestNdcg10() + ")"));
            Evaluator.Result bestResult = null;
            long start = System.nanoTime();
            double stepSeconds = 0;
            long stepsThisRun = 0;
            String reason = "max-epochs";
            long maxSteps = (long) config.maxEpochs() * config.stepsPerEpoch();
            int epoch = firstEpoch;
            for (; epoch < config.maxEpochs(); epoch++) {
                DjlRuntime.seed((int) (config.seed() * 31 + epoch));
                SplittableRandom negatives = new SplittableRandom(config.seed() * 7_919L + epoch);
                double lossSum = 0;
                int batchIndex = 0;
                for (BatchSampler.Batch batch : sampler.epoch(epoch, config.stepsPerEpoch())) {
                    long t0 = System.nanoTime();
                    double loss = step.run(batch, negatives);
                    float lr = schedule.at(steps + 1);
                    double gradientNorm = update(loss, lr, steps + 1, epoch);
                    steps++;
                    stepsThisRun++;
                    stepSeconds += (System.nanoTime() - t0) / 1e9;
                    if (Double.isFinite(loss)) {
                        lossSum += loss;
                        batchIndex++;
                    }
                    double perSecond = stepsThisRun / stepSeconds;
                    listener.onStep(new ProgressListener.StepProgress(epoch, steps, maxSteps, loss,
                            lossSum / Math.max(1, batchIndex), perSecond, lr, gradientNorm, eta(maxSteps - steps, perSecond, start)));
                }
                StateDict current = params.toStateDict(); // validated, shipped and checkpointed: copied once
                StateDict evaluated = average != null ? average.weights() : current;
                Evaluator.Result result = validate(evaluated);
                if (average != null) {
                    listener.onMessage("validation of the current weights (not averaged): " + validate(current));
                }
                boolean improved = result.ndcg10() > best;
                if (improved) {
                    best = result.ndcg10();
                    bestEpoch = epoch;
                    bestResult = result;
                    stale = 0;
                    writeBundle(evaluated, result, epoch, steps);
                } else {
                    stale++;
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                // progress and checkpoint count the run's whole training time, resumed invocations included
                double trainedSeconds = previousSeconds + elapsed.toMillis() / 1e3;
                listener.onEpoch(new ProgressListener.EpochProgress(epoch, steps, lossSum / Math.max(1, batchIndex),
                        result, improved, best, stale, Duration.ofMillis((long) (trainedSeconds * 1000))));
                TrainingCheckpoint.save(config.checkpointDir(), new TrainingCheckpoint.State(epoch + 1, steps, best,
                        bestEpoch, stale, trainedSeconds, data.dataHash(),
                        config.describe()), current, adam.state(), average != null ? average.state() : null);
                if (stale >= config.patienceEpochs()) {
                    reason = "early-stopping";
                    epoch++;
                    break;
                }
                if (elapsed.compareTo(config.maxDuration()) >= 0) {
                    reason = "time-budget";
                    epoch++;
                    break;
                }
            }
            listener.onMessage("training stopped (" + reason + ") after " + steps + " steps; best NDCG@10 "
                    + best + " at epoch " + bestEpoch);
            return new TrainResult(config.output(), bestResult, bestEpoch, epoch, steps,
                    stepsThisRun == 0 ? 0 : stepSeconds / stepsThisRun, reason);
        }

        /**
         * Adam's update from the batch's gradients, or none when its loss or gradient norm is not
         * finite; returns the gradient norm (NaN when the loss was not finite).
         */
        private double update(double loss, float lr, long step, int epoch) {
            double gradientNorm;
            if (Double.isFinite(loss)) {
                gradientNorm = adam.step(lr, config.clipNorm(), config.weightDecay());
            } else {
                adam.discardGradients();
                gradientNorm = Double.NaN;
            }
            if (Double.isFinite(gradientNorm)) {
                skippedInARow = 0;
                if (average != null) {
                    average.update(params.toStateDict());
                }
                return gradientNorm;
            }
            // one update from a non-finite batch would turn every weight into NaN for good;
            // skipping it keeps the run alive, while a run of them means real divergence
            skipped++;
            if (++skippedInARow >= MAX_SKIPPED_IN_A_ROW) {
                throw new IllegalStateException("training diverged: " + skippedInARow
                        + " batches in a row with a non-finite loss or gradient, up to step " + step
                        + " (epoch " + epoch + "); the best model so far stays in " + config.output()
                        + "; lower --lr or --clip-norm and train again");
            }
            listener.onMessage("step " + step + ": non-finite " + (Double.isFinite(loss)
                    ? "gradient norm " + gradientNorm + " (in " + String.join(", ", adam.nonFiniteGradients()) + ")"
                    : "loss " + loss)
                    + ", batch skipped with the weights unchanged (" + skipped + " so far)");
            return gradientNorm;
        }

        private Duration eta(long stepsLeft, double perSecond, long start) {
            double byStepsSeconds = stepsLeft / Math.max(perSecond, 1e-9);
            double budgetLeft = config.maxDuration().toMillis() / 1e3 - (System.nanoTime() - start) / 1e9;
            return Duration.ofMillis((long) (1000 * Math.max(0, Math.min(byStepsSeconds, budgetLeft))));
        }

        private Evaluator.Result validate(StateDict weights) {
            try (GsasrecEncoder encoder = GsasrecEncoder.create(model, weights)) {
                return Evaluator.evaluate(encoder, data.validationInputs(), data.validationTargets());
            }
        }

        private void writeBundle(StateDict weights, Evaluator.Result result, int epoch, long steps) throws IOException {
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("val_ndcg10", result.ndcg10());
            metrics.put("val_recall1", result.recall1());
            metrics.put("val_recall10", result.recall10());
            metrics.put("val_users", (double) result.users());
            metrics.put("epoch", (double) epoch);
            metrics.put("step", (double) steps);
            Map<String, Object> trainConfig = new LinkedHashMap<>(config.describe());
            trainConfig.put("dataset", config.dataset().toString());
            BundleWriter writer = new BundleWriter().training(data.dataHash(), trainConfig).metrics(metrics);
            data.originalItemIds().ifPresent(writer::itemIds);
            writer.write(config.output(), model, weights);
            listener.onMessage("new best model (NDCG@10 " + String.format("%.4f", result.ndcg10()) + ") written to "
                    + config.output());
        }
    }

    /** A listener that prints one line every {@code everySteps} steps and after every epoch. */
    public static ProgressListener printing(java.io.PrintStream out, int everySteps) {
        return new ProgressListener() {
            @Override
            public void onStep(StepProgress p) {
                if (p.step() % everySteps == 0) {
                    out.printf("epoch %d step %d/%d loss %.4f (avg %.4f) lr %.2g grad-norm %.3g %.2f steps/s ETA %s%n",
                            p.epoch(), p.step(), p.maxSteps(), p.loss(), p.averageLoss(), p.learningRate(),
                            p.gradientNorm(), p.stepsPerSecond(), formatDuration(p.eta()));
                }
            }

            @Override
            public void onEpoch(EpochProgress p) {
                out.printf("epoch %d done: loss %.4f, validation %s%s, elapsed %s%n", p.epoch(), p.averageLoss(),
                        p.validation(), p.improved() ? " (best so far)" : "", formatDuration(p.elapsed()));
            }

            @Override
            public void onMessage(String message) {
                out.println(message);
            }
        };
    }

    static String formatDuration(Duration d) {
        long s = d.toSeconds();
        return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

}
