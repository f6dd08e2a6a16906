package io.recsys.gsasrec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the reference fixture files of shared/fixtures/gsasrec-reference. */
public final class ReferenceFixtures {

    private ReferenceFixtures() {}

    public static Path dir() {
        String root = System.getProperty("recsys.fixtures", System.getenv("RECSYS_FIXTURES"));
        if (root == null) {
            throw new IllegalStateException("set -Drecsys.fixtures or RECSYS_FIXTURES to the shared fixtures dir");
        }
        return Path.of(root, "gsasrec-reference");
    }

    public static Path file(String name) {
        return dir().resolve(name);
    }

    public static List<int[]> inputs() {
        List<int[]> out = new ArrayList<>();
        for (String line : lines("inputs.txt")) {
            out.add(ints(line));
        }
        return out;
    }

    /** One float row per line. */
    public static List<float[]> floatRows(String name) {
        List<float[]> rows = new ArrayList<>();
        for (String line : lines(name)) {
            String[] parts = line.trim().split("\\s+");
            float[] row = new float[parts.length];
            for (int i = 0; i < parts.length; i++) {
                row[i] = Float.parseFloat(parts[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    /** Per line: the ids and the scores of "id:score" pairs. */
    public record TopK(int[] ids, float[] scores) {}

    public static List<TopK> topK(String name) {
        List<TopK> out = new ArrayList<>();
        for (String line : lines(name)) {
            String[] parts = line.trim().split("\\s+");
            int[] ids = new int[parts.length];
            float[] scores = new float[parts.length];
            for (int i = 0; i < parts.length; i++) {
                String[] kv = parts[i].split(":");
                ids[i] = Integer.parseInt(kv[0]);
                scores[i] = Float.parseFloat(kv[1]);
            }
            out.add(new TopK(ids, scores));
        }
        return out;
    }

    public static int[] ints(String line) {
        String t = line.trim();
        return t.isEmpty() ? new int[0] : Arrays.stream(t.split("\\s+")).mapToInt(Integer::parseInt).toArray();
    }

    public static List<String> lines(String name) {
        try {
            return Files.readAllLines(file(name)).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
