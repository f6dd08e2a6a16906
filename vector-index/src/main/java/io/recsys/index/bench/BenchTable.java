package io.recsys.index.bench;

import io.recsys.index.VectorTable;

import java.util.Arrays;

/**
 * One table of the benchmark with its queries.
 *
 * @param name       JSON key ("ml1m", "synthetic_1m")
 * @param table      ids and vectors
 * @param queries    row-major queries
 * @param queryCount number of queries
 * @param source     where the vectors came from, for the report
 */
record BenchTable(String name, VectorTable table, float[] queries, int queryCount, String source) {

    float[] query(int i) {
        int dim = table.dimension();
        return Arrays.copyOfRange(queries, i * dim, (i + 1) * dim);
    }
}
