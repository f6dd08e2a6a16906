package io.recsys.index.filter;

import io.recsys.index.Bitmaps;
import io.recsys.index.IdFilter;
import io.recsys.index.IdMapping;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Item attributes over the dense positions of an {@link IdMapping}, arranged so filters
 * compile in time proportional to what they select rather than to the catalogue:
 * one bitmap per genre (any-of is an OR of a few bitmaps), positions sorted by year (a
 * year range is one contiguous slice), and average ratings in a flat array.
 *
 * <p>Genres and years are fixed at construction; average ratings change as ratings arrive
 * ({@link #updateAverageRating}) and are read without locks (a compile concurrent with an
 * update sees the old or the new value). Build the table over an index's {@code ids()} so
 * the compiled filters apply to it without translation.
 */
public final class ItemMetadataTable {

    private final IdMapping mapping;
    private final Map<String, long[]> genreBitmaps;
    private final int[] yearByPosition;
    private final int[] positionsByYear; // positions with a known year, ascending by year
    private final int[] sortedYears;     // years of positionsByYear, same order
    private final AtomicIntegerArray ratingBits; // Float.floatToRawIntBits(avg), NaN when unrated

    private ItemMetadataTable(IdMapping mapping, Map<String, long[]> genreBitmaps, int[] yearByPosition,
                              AtomicIntegerArray ratingBits) {
        this.mapping = mapping;
        this.genreBitmaps = genreBitmaps;
        this.yearByPosition = yearByPosition;
        this.ratingBits = ratingBits;
        Integer[] order = new Integer[mapping.size()];
        int known = 0;
        for (int p = 0; p < yearByPosition.length; p++) {
            if (yearByPosition[p] != ItemMetadata.UNKNOWN_YEAR) {
                order[known++] = p;
            }
        }
        Integer[] withYears = Arrays.copyOf(order, known);
        Arrays.sort(withYears, (a, b) -> Integer.compare(yearByPosition[a], yearByPosition[b]));
        this.positionsByYear = new int[known];
        this.sortedYears = new int[known];
        for (int i = 0; i < known; i++) {
            positionsByYear[i] = withYears[i];
            sortedYears[i] = yearByPosition[withYears[i]];
        }
    }

    /**
     * A table over mapping's positions. Items the mapping does not know are ignored; mapped
     * items without metadata have no genres, an unknown year and no rating, so they pass only
     * filters that do not ask about those attributes.
     */
    public static ItemMetadataTable of(IdMapping mapping, Collection<ItemMetadata> items) {
        int n = mapping.size();
        int[] years = new int[n];
        Arrays.fill(years, ItemMetadata.UNKNOWN_YEAR);
        AtomicIntegerArray ratings = new AtomicIntegerArray(n);
        int nan = Float.floatToRawIntBits(Float.NaN);
        for (int p = 0; p < n; p++) {
            ratings.set(p, nan);
        }
        Map<String, long[]> genres = new HashMap<>();
        for (ItemMetadata item : items) {
            int p = mapping.positionOf(item.id());
            if (p < 0) {
                continue;
            }
            years[p] = item.year();
            ratings.set(p, Float.floatToRawIntBits(item.avgRating()));
            for (String genre : item.genres()) {
                Bitmaps.set(genres.computeIfAbsent(genre, g -> new long[Bitmaps.wordsFor(n)]), p);
            }
        }
        return new ItemMetadataTable(mapping, Map.copyOf(genres), years, ratings);
    }

    public IdMapping mapping() {
        return mapping;
    }

    public Set<String> genres() {
        return genreBitmaps.keySet();
    }

    /** Records a new average rating; returns false when the id is not in the table. */
    public boolean updateAverageRating(long id, float avgRating) {
        int p = mapping.positionOf(id);
        if (p < 0) {
            return false;
        }
        ratingBits.set(p, Float.floatToRawIntBits(avgRating));
        return true;
    }

    public Optional<ItemMetadata> get(long id) {
        int p = mapping.positionOf(id);
        if (p < 0) {
            return Optional.empty();
        }
        Set<String> genres = new TreeSet<>();
        genreBitmaps.forEach((g, bits) -> {
            if (Bitmaps.get(bits, p)) {
                genres.add(g);
            }
        });
        return Optional.of(new ItemMetadata(id, genres, yearByPosition[p], averageRatingAt(p)));
    }

    /** The items spec allows, as a bitmap over this table's positions. */
    public IdFilter compile(FilterSpec spec) {
        int n = mapping.size();
        if (!spec.hasAttributeConstraints()) {
            return IdFilter.excluding(mapping, spec.excludedIds().toArray());
        }
        long[] allowed = null; // null = everything, until a constraint narrows it
        if (!spec.genresAnyOf().isEmpty()) {
            allowed = new long[Bitmaps.wordsFor(n)];
            for (String genre : spec.genresAnyOf()) {
                long[] bits = genreBitmaps.get(genre);
                if (bits != null) {
                    Bitmaps.or(allowed, bits);
                }
            }
        }
        if (spec.yearMin() != null || spec.yearMax() != null) {
            long[] years = yearRange(spec.yearMin(), spec.yearMax());
            if (allowed == null) {
                allowed = years;
            } else {
                Bitmaps.and(allowed, years);
            }
        }
        if (allowed == null) {
            allowed = Bitmaps.allSet(n);
        }
        if (spec.minAvgRating() != null) {
            float min = spec.minAvgRating();
            for (int p = Bitmaps.nextSetBit(allowed, 0); p >= 0; p = Bitmaps.nextSetBit(allowed, p + 1)) {
                // NaN (unrated) fails every minimum
                if (!(averageRatingAt(p) >= min)) {
                    Bitmaps.clear(allowed, p);
                }
            }
        }
        for (long id : spec.excludedIds().toArray()) { // a copy of a few hundred ids at most
            int p = mapping.positionOf(id);
            if (p >= 0) {
                Bitmaps.clear(allowed, p);
            }
        }
        return IdFilter.fromBitmap(mapping, allowed);
    }

    private long[] yearRange(Integer min, Integer max) {
        long[] bits = new long[Bitmaps.wordsFor(mapping.size())];
        int from = min == null ? 0 : lowerBound(min);
        int to = max == null ? sortedYears.length : lowerBound(max + 1L);
        for (int i = from; i < to; i++) {
            Bitmaps.set(bits, positionsByYear[i]);
        }
        return bits;
    }

    /** First index whose year is >= year. */
    private int lowerBound(long year) {
        int lo = 0;
        int hi = sortedYears.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sortedYears[mid] < year) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private float averageRatingAt(int position) {
        return Float.intBitsToFloat(ratingBits.get(position));
    }
}
