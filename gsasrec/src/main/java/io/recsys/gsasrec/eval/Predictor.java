package io.recsys.gsasrec.eval;

import io.recsys.gsasrec.GsasrecEncoder;
import io.recsys.gsasrec.ItemScorer;
import io.recsys.gsasrec.SasrecFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lines of item ids in, the K recommended ids out (best first, seen items excluded): the engine
 * of {@code ./recsys predict}. Streams the input in chunks so any file size works.
 */
public final class Predictor {

    private static final int CHUNK = 1024;

    private final GsasrecEncoder encoder;

    public Predictor(GsasrecEncoder encoder) {
        this.encoder = encoder;
    }

    public List<int[]> predict(List<int[]> histories, int k) {
        List<int[]> out = new ArrayList<>(histories.size());
        for (ItemScorer.Recommendation r : encoder.recommend(histories, k)) {
            out.add(r.ids());
        }
        return out;
    }

    /** Reads SASRec-format lines from {@code input} and writes one line of K ids per input line. */
    public long predict(Path input, Writer out, int k) throws IOException {
        if (!Files.isRegularFile(input)) {
            throw new IOException("input file not found: " + input.toAbsolutePath());
        }
        long lines = 0;
        try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            List<int[]> chunk = new ArrayList<>(CHUNK);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                chunk.add(SasrecFiles.parseLine(line, input, (int) lines + chunk.size() + 1));
                if (chunk.size() == CHUNK) {
                    lines += writeChunk(chunk, out, k);
                }
            }
            lines += writeChunk(chunk, out, k);
        }
        out.flush();
        return lines;
    }

    private int writeChunk(List<int[]> chunk, Writer out, int k) throws IOException {
        int n = chunk.size();
        for (int[] ids : predict(chunk, k)) {
            out.write(SasrecFiles.join(ids));
            out.write('\n');
        }
        chunk.clear();
        return n;
    }
}
