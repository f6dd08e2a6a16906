package io.recsys.index;

import java.util.Collection;
import java.util.Objects;

/**
 * The set of items a search may return: a bitmap over the dense positions of an
 * {@link IdMapping} plus its cardinality, so a search can pick a strategy from the
 * selectivity without counting. Filters built only from exclusions (already-seen items)
 * remember that, because "fetch k + |excluded| and drop" is cheaper for them.
 *
 * <p>Immutable once built; the bitmap array is shared with adapters and must not be modified.
 */
public final class IdFilter {

    private final IdMapping mapping;
    private final long[] words;
    private final int cardinality;
    private final int exclusionCount; // -1 unless the filter is "everything except these"

    private IdFilter(IdMapping mapping, long[] words, int cardinality, int exclusionCount) {
        this.mapping = mapping;
        this.words = words;
        this.cardinality = cardinality;
        this.exclusionCount = exclusionCount;
    }

    /**
     * Takes ownership of a bitmap over mapping's positions (bit p of word p/64). Bits at or past
     * mapping.size() must be clear.
     */
    public static IdFilter fromBitmap(IdMapping mapping, long[] words) {
        return fromBitmap(mapping, words, false);
    }

    /**
     * As {@link #fromBitmap(IdMapping, long[])}; exclusionOnly says the cleared bits are an
     * explicit exclusion list rather than the result of attribute predicates.
     */
    public static IdFilter fromBitmap(IdMapping mapping, long[] words, boolean exclusionOnly) {
        Objects.requireNonNull(mapping, "mapping");
        if (words.length != Bitmaps.wordsFor(mapping.size())) {
            throw new IllegalArgumentException("bitmap has " + words.length + " words, mapping of "
                    + mapping.size() + " needs " + Bitmaps.wordsFor(mapping.size()));
        }
        int cardinality = Bitmaps.cardinality(words);
        return new IdFilter(mapping, words, cardinality, exclusionOnly ? mapping.size() - cardinality : -1);
    }

    public static IdFilter allowAll(IdMapping mapping) {
        return new IdFilter(mapping, Bitmaps.allSet(mapping.size()), mapping.size(), -1);
    }

    public static IdFilter allowNone(IdMapping mapping) {
        return new IdFilter(mapping, new long[Bitmaps.wordsFor(mapping.size())], 0, -1);
    }

    /** Allows exactly these ids; ids the mapping does not know are ignored. */
    public static IdFilter allowing(IdMapping mapping, long... ids) {
        long[] words = new long[Bitmaps.wordsFor(mapping.size())];
        for (long id : ids) {
            int p = mapping.positionOf(id);
            if (p >= 0) {
                Bitmaps.set(words, p);
            }
        }
        return fromBitmap(mapping, words);
    }

    public static IdFilter allowing(IdMapping mapping, Collection<Long> ids) {
        return allowing(mapping, ids.stream().mapToLong(Long::longValue).toArray());
    }

    /** Allows everything except these ids (already seen, explicitly excluded). */
    public static IdFilter excluding(IdMapping mapping, long... ids) {
        long[] words = Bitmaps.allSet(mapping.size());
        for (long id : ids) {
            int p = mapping.positionOf(id);
            if (p >= 0) {
                Bitmaps.clear(words, p);
            }
        }
        return fromBitmap(mapping, words, true);
    }

    public static IdFilter excluding(IdMapping mapping, Collection<Long> ids) {
        return excluding(mapping, ids.stream().mapToLong(Long::longValue).toArray());
    }

    public IdMapping mapping() {
        return mapping;
    }

    /** How many items pass. */
    public int cardinality() {
        return cardinality;
    }

    /** The fraction of items that pass, 0..1 (1 for an empty mapping). */
    public double selectivity() {
        return mapping.size() == 0 ? 1.0 : (double) cardinality / mapping.size();
    }

    public boolean allowsNothing() {
        return cardinality == 0;
    }

    public boolean allowsEverything() {
        return cardinality == mapping.size();
    }

    /** True when the filter only removes an explicit list of ids. */
    public boolean isExclusionOnly() {
        return exclusionCount >= 0;
    }

    /** Number of excluded items of an exclusion-only filter, else -1. */
    public int exclusionCount() {
        return exclusionCount;
    }

    public boolean allowsPosition(int position) {
        return position >= 0 && position < mapping.size() && Bitmaps.get(words, position);
    }

    public boolean allowsId(long id) {
        return allowsPosition(mapping.positionOf(id));
    }

    /** The shared bitmap (bit p of word p/64); read only. */
    public long[] bitmapWords() {
        return words;
    }

    /** The allowed ids in position order. */
    public long[] allowedIds() {
        long[] ids = new long[cardinality];
        int i = 0;
        for (int p = Bitmaps.nextSetBit(words, 0); p >= 0; p = Bitmaps.nextSetBit(words, p + 1)) {
            ids[i++] = mapping.idAt(p);
        }
        return ids;
    }

    /** Both filters at once; they must share a mapping (see {@link #on(IdMapping)}). */
    public IdFilter and(IdFilter other) {
        IdFilter aligned = other.on(mapping);
        long[] result = words.clone();
        Bitmaps.and(result, aligned.words);
        boolean exclusionOnly = isExclusionOnly() && aligned.isExclusionOnly();
        return fromBitmap(mapping, result, exclusionOnly);
    }

    /**
     * The same filter over another mapping: itself when the mappings agree, otherwise a copy
     * translated id by id (ids the target does not know are dropped).
     */
    public IdFilter on(IdMapping target) {
        if (target.sameAs(mapping)) {
            return this;
        }
        if (isExclusionOnly()) {
            long[] translated = Bitmaps.allSet(target.size());
            for (int p = 0; p < mapping.size(); p++) {
                if (!Bitmaps.get(words, p)) {
                    int q = target.positionOf(mapping.idAt(p));
                    if (q >= 0) {
                        Bitmaps.clear(translated, q);
                    }
                }
            }
            return fromBitmap(target, translated, true);
        }
        long[] translated = new long[Bitmaps.wordsFor(target.size())];
        for (int p = Bitmaps.nextSetBit(words, 0); p >= 0; p = Bitmaps.nextSetBit(words, p + 1)) {
            int q = target.positionOf(mapping.idAt(p));
            if (q >= 0) {
                Bitmaps.set(translated, q);
            }
        }
        return fromBitmap(target, translated);
    }

    @Override
    public String toString() {
        return "IdFilter[" + cardinality + " of " + mapping.size()
                + (isExclusionOnly() ? ", " + exclusionCount + " excluded" : "") + "]";
    }
}
