package io.recsys.gsasrec.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.recsys.gsasrec.bundle.WeightsFile;
import io.recsys.gsasrec.checkpoint.FloatTensor;
import io.recsys.gsasrec.checkpoint.StateDict;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Resumable training state, written at epoch boundaries: weights, Adam moments, the weight
 * average if any, and counters in
 * {@code DIR/latest/}. The directory is replaced as a whole, so a crash leaves the previous one.
 */
final class TrainingCheckpoint {

    private static final String AVERAGE_FILE = "average.bin";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    record State(
            @JsonProperty("epochs_done") int epochsDone,
            @JsonProperty("steps") long steps,
            @JsonProperty("best_ndcg10") double bestNdcg10,
            @JsonProperty("best_epoch") int bestEpoch,
            @JsonProperty("epochs_without_improvement") int epochsWithoutImprovement,
            @JsonProperty("elapsed_seconds") double elapsedSeconds,
            @JsonProperty("data_hash") String dataHash,
            @JsonProperty("train_config") Map<String, Object> trainConfig) {}

    /** {@code average} is present when the run keeps a {@link WeightAverage}. */
    record Loaded(State state, StateDict weights, StateDict optimizer, Optional<StateDict> average) {}

    private TrainingCheckpoint() {}

    /** @param average the weight average's state, or null when the run keeps none */
    static void save(Path dir, State state, StateDict weights, StateDict optimizer, StateDict average) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempDirectory(dir, ".latest.tmp");
        WeightsFile.write(tmp.resolve("weights.bin"), weights);
        WeightsFile.write(tmp.resolve("optimizer.bin"), optimizer);
        if (average != null) {
            WeightsFile.write(tmp.resolve(AVERAGE_FILE), average);
        }
        JSON.writeValue(tmp.resolve("state.json").toFile(), state);
        Path latest = dir.resolve("latest");
        Path old = dir.resolve(".latest.old");
        deleteRecursively(old);
        if (Files.exists(latest)) {
            Files.move(latest, old);
        }
        try {
            Files.move(tmp, latest, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, latest);
        }
        deleteRecursively(old);
    }

    static Optional<Loaded> load(Path dir) throws IOException {
        Path latest = dir.resolve("latest");
        if (!Files.isRegularFile(latest.resolve("state.json"))) {
            return Optional.empty();
        }
        State state = JSON.readValue(latest.resolve("state.json").toFile(), State.class);
        Path average = latest.resolve(AVERAGE_FILE);
        return Optional.of(new Loaded(state, WeightsFile.read(latest.resolve("weights.bin")),
                WeightsFile.read(latest.resolve("optimizer.bin")),
                Files.isRegularFile(average) ? Optional.of(WeightsFile.read(average)) : Optional.empty()));
    }

    /** A step count as a float tensor: a float holds integers exactly only up to 2^24, so it is split in two. */
    static FloatTensor count(long n) {
        return new FloatTensor(new long[] {2}, new float[] {(float) (n >>> 24), (float) (n & 0xffffff)});
    }

    static long count(FloatTensor t) {
        float[] u = t.data();
        return ((long) u[0] << 24) | (long) u[1];
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
