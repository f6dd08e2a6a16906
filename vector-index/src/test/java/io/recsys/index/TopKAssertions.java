package io.recsys.index;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Comparisons of search results with an oracle that tolerate float rounding. */
public final class TopKAssertions {

    /** Scores from different summation orders differ by a few ulps; ties may swap within this. */
    public static final float SCORE_TOLERANCE = 1e-4f;

    private TopKAssertions() {
    }

    /**
     * Same hits as the oracle, best first. Ids may differ only where the oracle itself has
     * near-ties at the cut-off or between neighbouring ranks.
     */
    public static void assertSameTopK(SearchResult actual, List<ScoredId> expected, String context) {
        assertThat(actual.size()).as("%s: result size", context).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.score(i)).as("%s: score at rank %d", context, i)
                    .isCloseTo(expected.get(i).score(), org.assertj.core.data.Offset.offset(SCORE_TOLERANCE));
        }
        if (expected.isEmpty()) {
            return;
        }
        float cutoff = expected.get(expected.size() - 1).score();
        Set<Long> expectedIds = new HashSet<>();
        expected.forEach(h -> expectedIds.add(h.id()));
        for (int i = 0; i < actual.size(); i++) {
            if (!expectedIds.contains(actual.id(i))) {
                assertThat(actual.score(i)).as("%s: id %d at rank %d is not in the oracle's top %d and is no near-tie",
                        context, actual.id(i), i, expected.size()).isGreaterThanOrEqualTo(cutoff - SCORE_TOLERANCE);
            }
        }
        Set<Long> actualIds = new HashSet<>();
        for (long id : actual.ids()) {
            actualIds.add(id);
        }
        assertThat(actualIds).as("%s: duplicate ids in result", context).hasSize(actual.size());
    }

    /** |actual ∩ expected| / |expected|; 1 when expected is empty. */
    public static double recall(SearchResult actual, SearchResult expected) {
        if (expected.size() == 0) {
            return 1.0;
        }
        Set<Long> truth = new HashSet<>();
        for (long id : expected.ids()) {
            truth.add(id);
        }
        int hits = 0;
        for (long id : actual.ids()) {
            if (truth.contains(id)) {
                hits++;
            }
        }
        return (double) hits / expected.size();
    }
}
