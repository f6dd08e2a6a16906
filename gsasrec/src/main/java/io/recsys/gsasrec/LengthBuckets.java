package io.recsys.gsasrec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Groups sequences of similar length so a batch pads little: attention cost grows with the
 * square of the padded length, so one 200-long history would otherwise make a batch of short
 * ones pay for 200 positions each.
 */
public final class LengthBuckets {

    private final int tokenBudget;
    private final int maxBatch;
    private final double maxStretch;

    /**
     * @param tokenBudget at most this many padded positions (batch × length) per batch
     * @param maxBatch at most this many sequences per batch
     * @param maxStretch a batch's longest sequence is at most this factor (plus 4) longer than its shortest
     */
    public LengthBuckets(int tokenBudget, int maxBatch, double maxStretch) {
        if (tokenBudget < 1 || maxBatch < 1 || maxStretch < 1) {
            throw new IllegalArgumentException("token budget, batch size and stretch must be positive");
        }
        this.tokenBudget = tokenBudget;
        this.maxBatch = maxBatch;
        this.maxStretch = maxStretch;
    }

    public static LengthBuckets forInference() {
        return new LengthBuckets(2048, 256, 1.15);
    }

    /** Indices into {@code lengths} grouped into batches; every index appears exactly once. */
    public List<int[]> plan(int[] lengths) {
        Integer[] order = IntStream.range(0, lengths.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt(i -> lengths[i]));
        List<int[]> batches = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        int shortest = 0;
        for (int idx : order) {
            int len = Math.max(1, lengths[idx]);
            boolean full = !current.isEmpty() && ((long) (current.size() + 1) * len > tokenBudget
                    || current.size() >= maxBatch || len > shortest * maxStretch + 4);
            if (full) {
                batches.add(current.stream().mapToInt(Integer::intValue).toArray());
                current.clear();
            }
            if (current.isEmpty()) {
                shortest = len;
            }
            current.add(idx);
        }
        if (!current.isEmpty()) {
            batches.add(current.stream().mapToInt(Integer::intValue).toArray());
        }
        return batches;
    }
}
