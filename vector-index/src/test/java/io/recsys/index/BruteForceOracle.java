package io.recsys.index;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongPredicate;

/** Top-k by inner product in double precision, the slow and obviously right way. */
public final class BruteForceOracle {

    private BruteForceOracle() {
    }

    public static List<ScoredId> topK(VectorTable table, float[] query, int k, LongPredicate allowed) {
        int dim = table.dimension();
        List<ScoredId> all = new ArrayList<>();
        for (int i = 0; i < table.size(); i++) {
            long id = table.ids()[i];
            if (!allowed.test(id)) {
                continue;
            }
            double s = 0;
            for (int d = 0; d < dim; d++) {
                s += (double) table.vectors()[i * dim + d] * query[d];
            }
            all.add(new ScoredId(id, (float) s));
        }
        all.sort(Comparator.comparingDouble((ScoredId h) -> -h.score()));
        return all.subList(0, Math.min(k, all.size()));
    }

    public static List<ScoredId> topK(VectorTable table, float[] query, int k) {
        return topK(table, query, k, id -> true);
    }
}
