package io.recsys.gsasrec.train;

import io.recsys.gsasrec.SasrecFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** A tiny dataset in the SASRec layout where the next item is the current one plus one (mod N). */
final class SyntheticDataset {

    static final int ITEMS = 30;

    private SyntheticDataset() {}

    static Path write(Path dir, int users, int validationUsers, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> train = new ArrayList<>();
        List<int[]> valIn = new ArrayList<>();
        List<int[]> valOut = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            int n = 8 + random.nextInt(18);
            int start = random.nextInt(ITEMS);
            int[] full = new int[n];
            for (int i = 0; i < n; i++) {
                full[i] = (start + i) % ITEMS + 1;
            }
            boolean validation = u < validationUsers;
            train.add(Arrays.copyOf(full, n - (validation ? 3 : 2)));
            if (validation) {
                valIn.add(Arrays.copyOf(full, n - 2));
                valOut.add(new int[] {full[n - 2]});
            }
        }
        Files.createDirectories(dir.resolve("train"));
        Files.createDirectories(dir.resolve("val"));
        SasrecFiles.writeSequences(dir.resolve("train/input.txt"), train);
        SasrecFiles.writeSequences(dir.resolve("val/input.txt"), valIn);
        SasrecFiles.writeSequences(dir.resolve("val/output.txt"), valOut);
        Files.writeString(dir.resolve("dataset_stats.json"), "{\"num_items\": " + ITEMS + "}");
        return dir;
    }
}
