package io.recsys.index;

import io.recsys.index.bench.SyntheticVectors;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Deterministic tables for tests, generated once per JVM and shared (never modify them). */
public final class SyntheticFixtures {

    /** A table plus queries drawn the same way. */
    public record Fixture(VectorTable table, float[] queries, int queryCount) {
        public float[] query(int i) {
            int dim = table.dimension();
            return Arrays.copyOfRange(queries, i * dim, (i + 1) * dim);
        }
    }

    private static final Map<String, Fixture> CACHE = new ConcurrentHashMap<>();

    private SyntheticFixtures() {
    }

    /**
     * size clustered vectors of dimension dim (noise 0.5, unit length) with ids that are
     * neither dense nor ordered like positions, plus queryCount queries. About 100 vectors per
     * centre, at most 1,000 centres: the benchmark's shape at 100k and more, and still
     * clustered (as item embeddings are) for small tables.
     */
    public static Fixture clustered(int size, int dim, int queryCount, long seed) {
        return CACHE.computeIfAbsent(size + "x" + dim + "/" + queryCount + "@" + seed, key -> {
            int centres = Math.max(1, Math.min(SyntheticVectors.DEFAULT_CENTRES, size / 100));
            SyntheticVectors generator = SyntheticVectors.clustered(dim, centres, seed);
            float[] vectors = generator.next(size);
            float[] queries = generator.next(queryCount);
            return new Fixture(new VectorTable(scatteredIds(size, seed), vectors, dim), queries, queryCount);
        });
    }

    /** count distinct ids picked at random from ids (a partial Fisher-Yates shuffle). */
    public static long[] randomSubset(long[] ids, int count, long seed) {
        long[] copy = ids.clone();
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(copy.length - i);
            long t = copy[i];
            copy[i] = copy[j];
            copy[j] = t;
        }
        return Arrays.copyOf(copy, count);
    }

    /** Distinct, non-dense ids in a shuffled order, some beyond the int range. */
    public static long[] scatteredIds(int size, long seed) {
        long[] ids = new long[size];
        for (int i = 0; i < size; i++) {
            ids[i] = (i % 7 == 0 ? 5_000_000_000L : 0L) + 3L * i + 11;
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
        }
        return ids;
    }
}
