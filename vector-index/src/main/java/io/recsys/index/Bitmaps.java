package io.recsys.index;

import java.util.Arrays;

/**
 * Operations on plain long[] bitmaps (bit i lives in word i/64 at bit i%64). A long[] rather
 * than java.util.BitSet because the words go to native code as they are: on little-endian
 * x86 this layout is byte-for-byte what FAISS's IDSelectorBitmap reads.
 */
public final class Bitmaps {

    private Bitmaps() {
    }

    public static int wordsFor(int bits) {
        return (bits + 63) >>> 6;
    }

    public static long[] allSet(int bits) {
        long[] words = new long[wordsFor(bits)];
        Arrays.fill(words, -1L);
        int tail = bits & 63;
        if (tail != 0) {
            words[words.length - 1] = (1L << tail) - 1;
        }
        return words;
    }

    public static boolean get(long[] words, int bit) {
        return (words[bit >>> 6] & (1L << bit)) != 0;
    }

    public static void set(long[] words, int bit) {
        words[bit >>> 6] |= 1L << bit;
    }

    public static void clear(long[] words, int bit) {
        words[bit >>> 6] &= ~(1L << bit);
    }

    public static int cardinality(long[] words) {
        int count = 0;
        for (long w : words) {
            count += Long.bitCount(w);
        }
        return count;
    }

    /** target &= other */
    public static void and(long[] target, long[] other) {
        for (int i = 0; i < target.length; i++) {
            target[i] &= other[i];
        }
    }

    /** target |= other */
    public static void or(long[] target, long[] other) {
        for (int i = 0; i < target.length; i++) {
            target[i] |= other[i];
        }
    }

    /** The first set bit at or after from, or -1. */
    public static int nextSetBit(long[] words, int from) {
        int w = from >>> 6;
        if (w >= words.length) {
            return -1;
        }
        long word = words[w] & (-1L << from);
        while (true) {
            if (word != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(word);
            }
            if (++w == words.length) {
                return -1;
            }
            word = words[w];
        }
    }
}
