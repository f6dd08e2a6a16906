package io.recsys.gsasrec;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** SASRec-format text: one user a line, space-separated item ids, oldest first. */
public final class SasrecFiles {

    private SasrecFiles() {}

    public static List<int[]> readSequences(Path file) throws IOException {
        requireFile(file);
        List<int[]> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                out.add(parseLine(line, file, lineNo));
            }
        }
        return out;
    }

    /** One id a line (the leave-one-out targets of a val/test split). */
    public static int[] readTargets(Path file) throws IOException {
        List<int[]> rows = readSequences(file);
        int[] out = new int[rows.size()];
        for (int i = 0; i < out.length; i++) {
            if (rows.get(i).length != 1) {
                throw new IOException(file + " line " + (i + 1) + " should hold exactly one item id");
            }
            out[i] = rows.get(i)[0];
        }
        return out;
    }

    public static int[] parseLine(String line, Path file, int lineNo) throws IOException {
        String t = line.trim();
        if (t.isEmpty()) {
            return new int[0];
        }
        String[] parts = t.split("\\s+");
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                ids[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IOException(file + " line " + lineNo + ": '" + parts[i] + "' is not an item id");
            }
        }
        return ids;
    }

    public static void writeSequences(Path file, List<int[]> rows) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int[] row : rows) {
                out.write(join(row));
                out.newLine();
            }
        }
    }

    public static String join(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ids.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(ids[i]);
        }
        return sb.toString();
    }

    private static void requireFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("file not found: " + file.toAbsolutePath());
        }
    }
}
