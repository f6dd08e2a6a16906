package io.recsys.gsasrec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ItemScorerTest {

    // items 1..5 with scores 1, 5, 3, 4, 2 against user (1, 0)
    private final ItemScorer scorer = new ItemScorer(new float[][] {{1, 9}, {5, 0}, {3, -1}, {4, 2}, {2, 7}});
    private final float[] user = {1, 0};

    @Test
    void scoresAreDotProducts() {
        assertThat(scorer.scores(user)).containsExactly(1, 5, 3, 4, 2);
    }

    @Test
    void topKIsBestFirstAndSkipsSeenItems() {
        assertThat(scorer.topK(user, 3, new int[0]).ids()).containsExactly(2, 4, 3);
        assertThat(scorer.topK(user, 3, new int[] {2, 99, 0}).ids()).containsExactly(4, 3, 5);
        assertThat(scorer.topK(user, 10, new int[] {1, 2}).ids()).containsExactly(4, 3, 5);
    }

    @Test
    void rankCountsOnlyUnseenBetterItems() {
        assertThat(scorer.rankOf(user, 2, new int[0])).isEqualTo(1);
        assertThat(scorer.rankOf(user, 1, new int[0])).isEqualTo(5);
        assertThat(scorer.rankOf(user, 1, new int[] {2, 4})).isEqualTo(3);
    }

    @Test
    void aNanScoreRanksTheTargetLastNotFirst() {
        // a diverged model scores everything NaN; no score beats NaN, so a plain count said rank 1
        assertThat(scorer.rankOf(new float[] {Float.NaN, 0}, 2, new int[0])).isEqualTo(5);
    }
}
