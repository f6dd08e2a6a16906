package io.recsys.gsasrec.eval;

import io.recsys.gsasrec.GsasrecEncoder;
import io.recsys.gsasrec.ItemScorer;

import java.util.List;

/**
 * Leave-one-out evaluation with full ranking: every item is scored, the user's already-seen items
 * are excluded, and the held-out target's rank gives NDCG@10 = 1/log2(rank + 1) within the top 10
 * (else 0), Recall@1 and Recall@10.
 */
public final class Evaluator {

    private Evaluator() {}

    public record Result(int users, double ndcg10, double recall1, double recall10, double meanRank) {
        @Override
        public String toString() {
            return String.format("NDCG@10 %.4f, Recall@1 %.4f, Recall@10 %.4f over %d users", ndcg10, recall1,
                    recall10, users);
        }
    }

    /**
     * @param inputs histories, oldest first; their items are the "seen" ones
     * @param targets the held-out next item of each history
     */
    public static Result evaluate(GsasrecEncoder encoder, List<int[]> inputs, int[] targets) {
        if (inputs.size() != targets.length) {
            throw new IllegalArgumentException(inputs.size() + " inputs but " + targets.length + " targets");
        }
        float[][] users = encoder.encode(inputs);
        ItemScorer scorer = encoder.scorer();
        int[] ranks = new int[targets.length];
        for (int i = 0; i < ranks.length; i++) {
            ranks[i] = scorer.rankOf(users[i], targets[i], inputs.get(i));
        }
        return fromRanks(ranks);
    }

    /** Metrics from 1-based ranks of the targets. */
    public static Result fromRanks(int[] ranks) {
        double ndcg = 0;
        double r1 = 0;
        double r10 = 0;
        double rankSum = 0;
        for (int rank : ranks) {
            if (rank < 1) {
                throw new IllegalArgumentException("ranks are 1-based, got " + rank);
            }
            ndcg += ndcgAt10(rank);
            r1 += rank == 1 ? 1 : 0;
            r10 += rank <= 10 ? 1 : 0;
            rankSum += rank;
        }
        int n = Math.max(1, ranks.length);
        return new Result(ranks.length, ndcg / n, r1 / n, r10 / n, rankSum / n);
    }

    public static double ndcgAt10(int rank) {
        return rank <= 10 ? 1.0 / (Math.log(rank + 1) / Math.log(2)) : 0.0;
    }
}
