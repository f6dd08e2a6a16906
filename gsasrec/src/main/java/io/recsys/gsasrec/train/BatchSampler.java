package io.recsys.gsasrec.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Training batches, deterministic in (seed, epoch). Each user contributes the last L+1 items of
 * its history, as in the reference (input = all but the last, labels = all but the first).
 * Optionally a history longer than that contributes, in a share of the passes, an earlier window
 * of L+1 consecutive items instead: on ML-1M the last windows hold only two thirds of the
 * interactions, and the rest is otherwise never seen.
 * Users are shuffled, then sorted by length within pools of 32 batches and cut into batches, so
 * a batch pads to its own longest sequence rather than to L: the exact same loss at a fraction
 * of the cost, since padding never influences real positions.
 */
public final class BatchSampler {

    private static final int POOL_BATCHES = 32;

    private final List<int[]> sequences;
    private final int sequenceLength;
    private final int paddingId;
    private final int batchSize;
    private final long seed;
    private final double earlierWindowShare;

    /** A batch: row-major [rows, length] inputs and labels, left-padded with the padding id. */
    public record Batch(long[] input, long[] labels, int rows, int length, int realPositions) {}

    /**
     * @param earlierWindowShare the probability, per pass and long history, of taking a uniformly
     *     drawn earlier window instead of the last one; 0 is the reference's sampling
     */
    public BatchSampler(List<int[]> histories, int numItems, int sequenceLength, int batchSize, long seed,
                        double earlierWindowShare) {
        if (!(earlierWindowShare >= 0 && earlierWindowShare <= 1)) {
            throw new IllegalArgumentException("earlier-window share must be in [0, 1], got " + earlierWindowShare);
        }
        this.earlierWindowShare = earlierWindowShare;
        this.sequenceLength = sequenceLength;
        this.paddingId = numItems + 1;
        this.batchSize = batchSize;
        this.seed = seed;
        List<int[]> usable = new ArrayList<>();
        for (int[] h : histories) {
            int[] clean = Arrays.stream(h).filter(id -> id >= 1 && id <= numItems).toArray();
            if (clean.length >= 2) {
                usable.add(clean);
            }
        }
        if (usable.isEmpty()) {
            throw new IllegalArgumentException("no training sequence has two or more items");
        }
        this.sequences = usable;
    }

    public int users() {
        return sequences.size();
    }

    /**
     * Real positions in a batch of {@code batchSize} users drawn at random, on average: what a
     * batch's summed loss is divided by when every position is to weigh the same, although
     * length-sorted batches hold from batchSize times the shortest window to L·batchSize positions.
     */
    public double meanPositionsPerBatch() {
        long positions = 0;
        for (int[] s : sequences) {
            positions += Math.min(s.length, sequenceLength + 1) - 1;
        }
        return batchSize * (double) positions / sequences.size();
    }

    /** The batches of one epoch: {@code steps} of them, drawn as consecutive passes over the users. */
    public List<Batch> epoch(int epoch, int steps) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + epoch);
        List<Batch> out = new ArrayList<>(steps);
        while (out.size() < steps) {
            List<Batch> pass = pass(random);
            out.addAll(pass.subList(0, Math.min(pass.size(), steps - out.size())));
        }
        return out;
    }

    private List<Batch> pass(SplittableRandom random) {
        List<int[]> order = new ArrayList<>(sequences.size());
        for (int[] s : sequences) {
            order.add(window(s, random));
        }
        Collections.shuffle(order, new Random(random.nextLong()));
        List<List<int[]>> groups = new ArrayList<>();
        int pool = batchSize * POOL_BATCHES;
        for (int start = 0; start < order.size(); start += pool) {
            List<int[]> slice = new ArrayList<>(order.subList(start, Math.min(order.size(), start + pool)));
            slice.sort(Comparator.comparingInt(s -> s.length));
            for (int b = 0; b < slice.size(); b += batchSize) {
                groups.add(slice.subList(b, Math.min(slice.size(), b + batchSize)));
            }
        }
        Collections.shuffle(groups, new Random(random.nextLong()));
        List<Batch> batches = new ArrayList<>(groups.size());
        for (List<int[]> g : groups) {
            batches.add(toBatch(g));
        }
        return batches;
    }

    private int[] window(int[] history, SplittableRandom random) {
        int span = sequenceLength + 1;
        if (history.length <= span) {
            return history;
        }
        int end = history.length;
        if (earlierWindowShare > 0 && random.nextDouble() < earlierWindowShare) {
            end = span + random.nextInt(history.length - span);
        }
        return Arrays.copyOfRange(history, end - span, end);
    }

    private Batch toBatch(List<int[]> rows) {
        int length = 0;
        for (int[] s : rows) {
            length = Math.max(length, s.length - 1);
        }
        long[] input = new long[rows.size() * length];
        long[] labels = new long[rows.size() * length];
        Arrays.fill(input, paddingId);
        Arrays.fill(labels, paddingId);
        int real = 0;
        for (int r = 0; r < rows.size(); r++) {
            int[] s = rows.get(r);
            int n = s.length - 1;
            int offset = r * length + (length - n);
            for (int i = 0; i < n; i++) {
                input[offset + i] = s[i];
                labels[offset + i] = s[i + 1];
            }
            real += n;
        }
        return new Batch(input, labels, rows.size(), length, real);
    }
}
