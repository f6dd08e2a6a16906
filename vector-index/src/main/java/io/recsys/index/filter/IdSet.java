package io.recsys.index.filter;

import java.util.Arrays;
import java.util.Collection;
import java.util.stream.LongStream;

/**
 * An immutable set of item ids as a sorted array without duplicates. A query excludes the
 * user's whole history (hundreds of ids) on every request: a set of boxed longs cost more to
 * build and hash than the search it filters.
 */
public final class IdSet {

    private static final IdSet EMPTY = new IdSet(new long[0]);

    private final long[] sorted;

    private IdSet(long[] sorted) {
        this.sorted = sorted;
    }

    public static IdSet empty() {
        return EMPTY;
    }

    /** The distinct ids among these, in any order, with repeats. */
    public static IdSet of(long... ids) {
        if (ids.length == 0) {
            return EMPTY;
        }
        long[] copy = ids.clone();
        Arrays.sort(copy);
        int n = 1;
        for (int i = 1; i < copy.length; i++) {
            if (copy[i] != copy[n - 1]) {
                copy[n++] = copy[i];
            }
        }
        return new IdSet(n == copy.length ? copy : Arrays.copyOf(copy, n));
    }

    public static IdSet of(Collection<Long> ids) {
        return of(ids.stream().mapToLong(Long::longValue).toArray());
    }

    public boolean contains(long id) {
        return Arrays.binarySearch(sorted, id) >= 0;
    }

    public int size() {
        return sorted.length;
    }

    public boolean isEmpty() {
        return sorted.length == 0;
    }

    /** The ids in ascending order (a copy). */
    public long[] toArray() {
        return sorted.clone();
    }

    /** The ids in ascending order. */
    public LongStream stream() {
        return Arrays.stream(sorted);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdSet other && Arrays.equals(sorted, other.sorted);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sorted);
    }

    @Override
    public String toString() {
        return Arrays.toString(sorted);
    }
}
