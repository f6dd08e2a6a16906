package io.recsys.gsasrec.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.gsasrec.SasrecFiles;
import io.recsys.gsasrec.bundle.ContentHash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A dataset in the SASRec layout: train/input.txt (one user a line), val/input.txt and
 * val/output.txt (leave-one-out validation), dataset_stats.json (num_items) and optionally
 * sas_to_original_items.txt (model id → original id).
 */
public record TrainingData(int numItems, List<int[]> train, List<int[]> validationInputs,
                           int[] validationTargets, Optional<int[]> originalItemIds, String dataHash) {

    public static TrainingData load(Path dir) throws IOException {
        Path trainFile = dir.resolve("train/input.txt");
        Path valIn = dir.resolve("val/input.txt");
        Path valOut = dir.resolve("val/output.txt");
        for (Path p : List.of(trainFile, valIn, valOut)) {
            if (!Files.isRegularFile(p)) {
                throw new IOException("dataset file missing: " + p.toAbsolutePath()
                        + " (expected the SASRec layout train/input.txt, val/input.txt, val/output.txt)");
            }
        }
        List<int[]> train = SasrecFiles.readSequences(trainFile);
        List<int[]> validationInputs = SasrecFiles.readSequences(valIn);
        int[] targets = SasrecFiles.readTargets(valOut);
        if (validationInputs.size() != targets.length) {
            throw new IOException(valIn + " has " + validationInputs.size() + " lines but " + valOut + " has " + targets.length);
        }
        int numItems = numItems(dir, train, validationInputs, targets);
        return new TrainingData(numItems, train, validationInputs, targets,
                originalIds(dir.resolve("sas_to_original_items.txt"), numItems),
                ContentHash.ofFiles(List.of(trainFile, valIn, valOut)));
    }

    /** The first {@code n} validation users (all when n ≤ 0 or larger than the split). */
    public TrainingData limitValidation(int n) {
        if (n <= 0 || n >= validationTargets.length) {
            return this;
        }
        return new TrainingData(numItems, train, validationInputs.subList(0, n),
                Arrays.copyOf(validationTargets, n), originalItemIds, dataHash);
    }

    private static int numItems(Path dir, List<int[]> train, List<int[]> valIn, int[] targets) throws IOException {
        int maxId = 0;
        for (List<int[]> rows : List.of(train, valIn)) {
            for (int[] row : rows) {
                for (int id : row) {
                    maxId = Math.max(maxId, id);
                }
            }
        }
        for (int t : targets) {
            maxId = Math.max(maxId, t);
        }
        Path stats = dir.resolve("dataset_stats.json");
        if (Files.isRegularFile(stats)) {
            JsonNode node = new ObjectMapper().readTree(stats.toFile()).get("num_items");
            if (node != null) {
                if (node.asInt() < maxId) {
                    throw new IOException(stats + " says num_items " + node.asInt() + " but the data uses id " + maxId);
                }
                return node.asInt();
            }
        }
        return maxId;
    }

    /**
     * The external (MovieLens) id of each model item from a {@code sas_id original_id} file,
     * empty when there is no such file; every model item 1..numItems must have one.
     */
    public static Optional<int[]> originalIds(Path file, int numItems) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        int[] ids = new int[numItems];
        List<String> lines = Files.readAllLines(file);
        for (String line : lines) {
            String[] kv = line.trim().split("\\s+");
            if (kv.length == 2) {
                int model = Integer.parseInt(kv[0]);
                if (model >= 1 && model <= numItems) {
                    ids[model - 1] = Integer.parseInt(kv[1]);
                }
            }
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < numItems && missing.size() < 5; i++) {
            if (ids[i] == 0) {
                missing.add(i + 1);
            }
        }
        if (!missing.isEmpty()) {
            throw new IOException(file + " has no original id for model items " + missing);
        }
        return Optional.of(ids);
    }
}
