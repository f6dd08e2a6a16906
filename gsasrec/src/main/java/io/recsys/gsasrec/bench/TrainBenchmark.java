package io.recsys.gsasrec.bench;

import io.recsys.gsasrec.train.LossKind;
import io.recsys.gsasrec.train.TrainConfig;
import io.recsys.gsasrec.train.TrainResult;
import io.recsys.gsasrec.train.Trainer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The engine of {@code ./recsys bench train}. Two figures: the mean seconds per step at the
 * reference ML-1M configuration (batch 128, L 200, d 128, k 256, gBCE) over one pass over all
 * users, measured here after a short warm-up run that is not counted; and the minutes until
 * validation NDCG@10 first passed 0.15, 0.18 and 0.19 in a run of the default training command,
 * read from that run's log (the shipped model's {@code training.log}; a full run takes up to two
 * hours, so it is not repeated by default).
 */
public final class TrainBenchmark {

    private static final double[] THRESHOLDS = {0.15, 0.18, 0.19};

    /**
     * Steps of an uncounted run before the measured pass. A fresh process spends about 3 s in its
     * first steps (libtorch's and the allocator's first use of each tensor size, the JIT), which
     * a training run pays once but which added 0.05 s to the mean of a 48-step pass.
     */
    static final int WARMUP_STEPS = 10;

    private TrainBenchmark() {}

    /**
     * @param dataset SASRec-format ML-1M split
     * @param trainingLog log of a default training run (the printing listener's format), or null
     */
    public static Map<String, Object> run(Path dataset, Path trainingLog, PrintStream progress)
            throws IOException {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "train");
        Path scratch = Files.createTempDirectory("bench-train");
        try {
            result.putAll(referenceStepTime(dataset, scratch, progress));
        } finally {
            deleteTree(scratch);
        }
        result.putAll(convergence(trainingLog));
        return result;
    }

    static Map<String, Object> referenceStepTime(Path dataset, Path scratch, PrintStream progress)
            throws IOException {
        int users;
        try (Stream<String> lines = Files.lines(dataset.resolve("train").resolve("input.txt"))) {
            users = (int) lines.count();
        }
        int batch = 128;
        int steps = (users + batch - 1) / batch;
        progress.printf("warm-up: %d steps of the reference config, not counted%n", WARMUP_STEPS);
        Trainer.train(referenceConfig(dataset, scratch.resolve("warm-up"), WARMUP_STEPS), Trainer.printing(progress, 5));
        progress.printf("reference config, one pass over %d users = %d steps of gBCE (batch 128, L 200, d 128, k 256)%n",
                users, steps);
        TrainResult r = Trainer.train(referenceConfig(dataset, scratch.resolve("model"), steps), Trainer.printing(progress, 10));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seconds_per_step", Math.round(r.meanStepSeconds() * 1000) / 1000.0);
        out.put("steps_measured", r.steps());
        out.put("warmup_steps", WARMUP_STEPS);
        return out;
    }

    private static TrainConfig referenceConfig(Path dataset, Path output, int steps) {
        return TrainConfig.builder(dataset, output)
                .loss(LossKind.GBCE).negatives(256).gbceT(0.75)
                .sequenceLength(200).embeddingDim(128).numBlocks(2).numHeads(1).dropout(0.5)
                .batchSize(128).stepsPerEpoch(steps).maxEpochs(1).validationUsers(64)
                .maxDuration(Duration.ofHours(1)).resume(false).build();
    }

    /** Minutes to each NDCG@10 threshold and the best value, from a training log; nulls when absent. */
    public static Map<String, Object> convergence(Path trainingLog) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> lines = trainingLog != null && Files.isRegularFile(trainingLog)
                ? Files.readAllLines(trainingLog) : List.of();
        double best = Double.NaN;
        Double[] minutes = new Double[THRESHOLDS.length];
        for (String line : lines) {
            EpochLine e = EpochLine.parse(line);
            if (e == null) {
                continue;
            }
            best = Double.isNaN(best) ? e.ndcg10 : Math.max(best, e.ndcg10);
            for (int i = 0; i < THRESHOLDS.length; i++) {
                if (minutes[i] == null && e.ndcg10 >= THRESHOLDS[i]) {
                    minutes[i] = Math.round(e.elapsedSeconds / 6.0) / 10.0;
                }
            }
        }
        out.put("minutes_to_ndcg_0_15", minutes[0]);
        out.put("minutes_to_ndcg_0_18", minutes[1]);
        out.put("minutes_to_ndcg_0_19", minutes[2]);
        out.put("best_val_ndcg10", Double.isNaN(best) ? null : best);
        out.put("convergence_from", trainingLog == null ? null : trainingLog.toString());
        return out;
    }

    /** "epoch 12 done: loss ..., validation NDCG@10 0.1234, ..., elapsed 0:12:34". */
    record EpochLine(double ndcg10, long elapsedSeconds) {
        static EpochLine parse(String line) {
            int done = line.indexOf(" done: ");
            int ndcg = line.indexOf("NDCG@10 ");
            int elapsed = line.lastIndexOf("elapsed ");
            if (!line.startsWith("epoch ") || done < 0 || ndcg < 0 || elapsed < 0) {
                return null;
            }
            try {
                String value = line.substring(ndcg + 8).split("[ ,]")[0];
                String[] hms = line.substring(elapsed + 8).trim().split(":");
                long seconds = Long.parseLong(hms[0]) * 3600 + Long.parseLong(hms[1]) * 60 + Long.parseLong(hms[2]);
                return new EpochLine(Double.parseDouble(value), seconds);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
