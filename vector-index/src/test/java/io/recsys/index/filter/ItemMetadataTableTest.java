package io.recsys.index.filter;

import io.recsys.index.IdFilter;
import io.recsys.index.IdMapping;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongPredicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ItemMetadataTableTest {

    private static final List<String> GENRES = List.of("Action", "Comedy", "Drama", "Horror", "Sci-Fi", "Romance");

    private final long[] ids = new long[3_000];
    private final Map<Long, ItemMetadata> byId = new HashMap<>();
    private final ItemMetadataTable table;

    ItemMetadataTableTest() {
        SplittableRandom random = new SplittableRandom(7);
        List<ItemMetadata> items = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 10L * i + 1;
            if (i % 50 == 0) {
                continue; // mapped but without metadata
            }
            Set<String> genres = new HashSet<>();
            int count = random.nextInt(3);
            for (int g = 0; g < count; g++) {
                genres.add(GENRES.get(random.nextInt(GENRES.size())));
            }
            int year = i % 97 == 0 ? ItemMetadata.UNKNOWN_YEAR : 1920 + random.nextInt(80);
            float rating = i % 31 == 0 ? Float.NaN : 1 + 4 * random.nextFloat();
            ItemMetadata item = new ItemMetadata(ids[i], genres, year, rating);
            items.add(item);
            byId.put(ids[i], item);
        }
        items.add(new ItemMetadata(999_999_999L, Set.of("Action"), 2000, 5f)); // not in the mapping: ignored
        table = ItemMetadataTable.of(IdMapping.of(ids), items);
    }

    @Test
    void compiledFiltersAllowExactlyWhatThePredicateAllows() {
        List<FilterSpec> specs = List.of(
                FilterSpec.none(),
                FilterSpec.none().withGenresAnyOf(List.of("Action")),
                FilterSpec.none().withGenresAnyOf(List.of("Comedy", "Horror", "Unknown genre")),
                FilterSpec.none().withYearRange(1990, 1999),
                FilterSpec.none().withYearRange(null, 1950),
                FilterSpec.none().withYearRange(1970, null),
                FilterSpec.none().withMinAvgRating(4.0f),
                FilterSpec.none().withGenresAnyOf(List.of("Drama", "Sci-Fi")).withYearRange(1960, 1990)
                        .withMinAvgRating(3.0f).withExcludedIds(List.of(ids[1], ids[2], 123456789L)),
                FilterSpec.none().withExcludedIds(List.of(ids[5], ids[6])));
        for (FilterSpec spec : specs) {
            IdFilter filter = table.compile(spec);
            long[] expected = Arrays.stream(ids).filter(naive(spec)).toArray();
            assertThat(filter.allowedIds()).as(spec.toString()).containsExactly(expected);
            assertThat(filter.cardinality()).isEqualTo(expected.length);
            assertThat(filter.isExclusionOnly()).isEqualTo(!spec.hasAttributeConstraints());
        }
    }

    @Test
    void ratingUpdatesChangeLaterFilters() {
        FilterSpec topRated = FilterSpec.none().withMinAvgRating(4.5f);
        long id = ids[1];
        table.updateAverageRating(id, 4.9f);
        assertThat(table.compile(topRated).allowsId(id)).isTrue();
        table.updateAverageRating(id, 2.0f);
        assertThat(table.compile(topRated).allowsId(id)).isFalse();
        assertThat(table.get(id).orElseThrow().avgRating()).isEqualTo(2.0f);
        assertThat(table.updateAverageRating(42L, 3f)).isFalse();
    }

    @Test
    void itemsWithoutMetadataOnlyPassUnconstrainedAttributes() {
        long bare = ids[0];
        assertThat(table.compile(FilterSpec.none()).allowsId(bare)).isTrue();
        assertThat(table.compile(FilterSpec.none().withGenresAnyOf(GENRES)).allowsId(bare)).isFalse();
        assertThat(table.compile(FilterSpec.none().withYearRange(0, 3000)).allowsId(bare)).isFalse();
        assertThat(table.compile(FilterSpec.none().withMinAvgRating(0f)).allowsId(bare)).isFalse();
        assertThat(table.get(bare).orElseThrow().year()).isEqualTo(ItemMetadata.UNKNOWN_YEAR);
        assertThat(table.get(12345L)).isEmpty();
    }

    @Test
    void exposesGenresAndRejectsBadSpecs() {
        assertThat(table.genres()).containsExactlyInAnyOrderElementsOf(GENRES);
        assertThatThrownBy(() -> FilterSpec.none().withYearRange(2000, 1990)).hasMessageContaining("after yearMax");
        assertThat(FilterSpec.none().isUnconstrained()).isTrue();
    }

    private LongPredicate naive(FilterSpec spec) {
        return id -> {
            if (spec.excludedIds().contains(id)) {
                return false;
            }
            ItemMetadata m = byId.get(id);
            boolean attributes = spec.hasAttributeConstraints();
            if (m == null) {
                return !attributes;
            }
            if (!spec.genresAnyOf().isEmpty() && spec.genresAnyOf().stream().noneMatch(m.genres()::contains)) {
                return false;
            }
            if (spec.yearMin() != null && (m.year() == ItemMetadata.UNKNOWN_YEAR || m.year() < spec.yearMin())) {
                return false;
            }
            if (spec.yearMax() != null && (m.year() == ItemMetadata.UNKNOWN_YEAR || m.year() > spec.yearMax())) {
                return false;
            }
            return spec.minAvgRating() == null || m.avgRating() >= spec.minAvgRating();
        };
    }
}
