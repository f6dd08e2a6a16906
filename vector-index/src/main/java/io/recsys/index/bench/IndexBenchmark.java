package io.recsys.index.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.index.IndexConfig;
import io.recsys.index.IndexKind;
import io.recsys.index.VectorTable;
import io.recsys.index.faiss.FaissLibrary;
import io.recsys.index.io.FloatMatrixFile;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The engine behind {@code ./recsys bench index}: every index kind on two tables, the ML-1M
 * item table (3,416 x 128; real embeddings when a file is given, else random unit vectors)
 * and a synthetic clustered table (1,000,000 x 128 by default), each searched with 1,000
 * queries without a filter and with filters allowing a fixed random 1% and 10% of the ids.
 * Reports build_s, p50_ms, p99_ms (one thread), qps (options.threads threads) and
 * recall_at_10 against the exact index, plus resident memory per million HNSW vectors.
 */
public final class IndexBenchmark {

    /**
     * @param syntheticSize  rows of the synthetic table
     * @param queries        queries per table
     * @param seed           for vectors, queries and filters
     * @param itemEmbeddings optional float matrix file (see {@link FloatMatrixFile}) for the
     *                       ML-1M table; row r is item id r+1. Null: 3,416 random unit vectors
     * @param threads        threads for the qps measurement (and for building)
     * @param kinds          kinds to measure (EXACT always runs: it is the ground truth)
     * @param hnswEfSweep    extra efSearch values to measure on the same HNSW graph
     * @param qpsSeconds     duration of each throughput measurement
     */
    public record Options(int syntheticSize, int queries, long seed, Path itemEmbeddings, int threads,
                          List<IndexKind> kinds, List<Integer> hnswEfSweep, double qpsSeconds) {

        public static final int ML1M_ITEMS = 3_416;
        public static final int DIMENSION = 128;

        public Options {
            if (syntheticSize < 1 || queries < 1 || threads < 1 || qpsSeconds <= 0) {
                throw new IllegalArgumentException("sizes, queries, threads and qpsSeconds must be positive");
            }
            kinds = List.copyOf(kinds);
            hnswEfSweep = List.copyOf(hnswEfSweep);
        }

        public static Options defaults() {
            return new Options(1_000_000, 1_000, 42L, null, 2,
                    List.of(IndexKind.EXACT, IndexKind.FLAT, IndexKind.IVF_FLAT, IndexKind.HNSW),
                    List.of(32, 128), 3.0);
        }

        public Options withSyntheticSize(int value) {
            return new Options(value, queries, seed, itemEmbeddings, threads, kinds, hnswEfSweep, qpsSeconds);
        }

        public Options withQueries(int value) {
            return new Options(syntheticSize, value, seed, itemEmbeddings, threads, kinds, hnswEfSweep, qpsSeconds);
        }

        public Options withSeed(long value) {
            return new Options(syntheticSize, queries, value, itemEmbeddings, threads, kinds, hnswEfSweep, qpsSeconds);
        }

        public Options withItemEmbeddings(Path value) {
            return new Options(syntheticSize, queries, seed, value, threads, kinds, hnswEfSweep, qpsSeconds);
        }

        public Options withThreads(int value) {
            return new Options(syntheticSize, queries, seed, itemEmbeddings, value, kinds, hnswEfSweep, qpsSeconds);
        }

        public Options withKinds(List<IndexKind> value) {
            return new Options(syntheticSize, queries, seed, itemEmbeddings, threads, value, hnswEfSweep, qpsSeconds);
        }

        public Options withHnswEfSweep(List<Integer> value) {
            return new Options(syntheticSize, queries, seed, itemEmbeddings, threads, kinds, value, qpsSeconds);
        }

        public Options withQpsSeconds(double value) {
            return new Options(syntheticSize, queries, seed, itemEmbeddings, threads, kinds, hnswEfSweep, value);
        }

        /**
         * Parses {@code --synthetic-size N --queries N --seed N --item-embeddings PATH --threads N
         * --kinds exact,hnsw --ef-sweep 32,128 --qps-seconds S} (also {@code --name=value}).
         */
        public static Options parse(String... args) {
            Options o = defaults();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String name = arg;
                String value;
                int eq = arg.indexOf('=');
                if (eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException("missing value for " + arg);
                }
                o = switch (name) {
                    case "--synthetic-size" -> o.withSyntheticSize(Integer.parseInt(value.replace("_", "")));
                    case "--queries" -> o.withQueries(Integer.parseInt(value));
                    case "--seed" -> o.withSeed(Long.parseLong(value));
                    case "--item-embeddings" -> o.withItemEmbeddings(value.isBlank() ? null : Path.of(value));
                    case "--threads" -> o.withThreads(Integer.parseInt(value));
                    case "--kinds" -> o.withKinds(Arrays.stream(value.split(",")).map(IndexKind::parse).toList());
                    case "--ef-sweep" -> o.withHnswEfSweep(value.isBlank() ? List.of()
                            : Arrays.stream(value.split(",")).map(Integer::valueOf).toList());
                    case "--qps-seconds" -> o.withQpsSeconds(Double.parseDouble(value));
                    default -> throw new IllegalArgumentException("unknown option " + name);
                };
            }
            return o;
        }
    }

    private IndexBenchmark() {
    }

    public static Map<String, Object> run(Options options, PrintStream progress) {
        boolean faiss = FaissLibrary.isAvailable();
        if (!faiss) {
            progress.println("FAISS unavailable (" + FaissLibrary.unavailableReason() + "); measuring EXACT only");
        }
        Map<String, Object> result = new LinkedHashMap<>();

        BenchTable ml1m = ml1mTable(options, progress);
        result.put(ml1m.name(), new TableBenchmark(ml1m, options, progress).run(options.kinds(), faiss));

        BenchTable synthetic = syntheticTable(options, progress);
        TableBenchmark syntheticRun = new TableBenchmark(synthetic, options, progress);
        result.put(synthetic.name(), syntheticRun.run(options.kinds(), faiss));
        result.put("rss_mb_per_million", Math.round(syntheticRun.rssMbPerMillion() * 10) / 10.0);

        Map<String, Object> environment = new LinkedHashMap<>();
        environment.put("faiss_available", faiss);
        environment.put("faiss", faiss ? FaissLibrary.faissVersion() : FaissLibrary.unavailableReason());
        environment.put("cpus", Runtime.getRuntime().availableProcessors());
        environment.put("java", System.getProperty("java.version"));
        IndexConfig defaults = IndexConfig.defaults(IndexKind.HNSW);
        environment.put("hnsw", Map.of("M", defaults.hnswM(), "efConstruction", defaults.hnswEfConstruction(),
                "efSearch", defaults.hnswEfSearch()));
        environment.put("ivf", Map.of("nlist", "sqrt(n)", "nprobe", defaults.ivfNprobe()));
        environment.put("exact_scan_selectivity", defaults.exactScanSelectivity());
        environment.put("threads", options.threads());
        environment.put("queries", options.queries());
        environment.put("seed", options.seed());
        result.put("environment", environment);
        return result;
    }

    /** Prints progress, then the result as one JSON object on the last line. */
    public static void main(String[] args) throws IOException {
        Map<String, Object> result = run(Options.parse(args), System.out);
        System.out.println(new ObjectMapper().writeValueAsString(result));
    }

    private static BenchTable ml1mTable(Options options, PrintStream progress) {
        float[] vectors;
        int dim;
        String source;
        if (options.itemEmbeddings() != null) {
            try {
                FloatMatrixFile.Matrix m = FloatMatrixFile.read(options.itemEmbeddings(), Options.DIMENSION);
                vectors = m.data();
                dim = m.cols();
                source = options.itemEmbeddings().toString();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read item embeddings " + options.itemEmbeddings(), e);
            }
        } else {
            dim = Options.DIMENSION;
            vectors = SyntheticVectors.randomUnit(Options.ML1M_ITEMS, dim, options.seed());
            source = "random unit vectors";
        }
        int rows = vectors.length / dim;
        long[] ids = new long[rows];
        Arrays.setAll(ids, i -> i + 1L);
        // queries: random directions (inner-product ranking ignores the query's length)
        float[] queries = SyntheticVectors.randomUnit(options.queries(), dim, options.seed() + 1);
        progress.printf(Locale.ROOT, "ml1m table: %d x %d from %s%n", rows, dim, source);
        return new BenchTable("ml1m", new VectorTable(ids, vectors, dim), queries, options.queries(), source);
    }

    private static BenchTable syntheticTable(Options options, PrintStream progress) {
        int n = options.syntheticSize();
        progress.printf(Locale.ROOT, "synthetic table: generating %d x %d (1,000 centres, noise 0.5)%n", n,
                Options.DIMENSION);
        SyntheticVectors generator = SyntheticVectors.clustered(Options.DIMENSION, options.seed());
        float[] vectors = generator.next(n);
        float[] queries = generator.next(options.queries());
        long[] ids = new long[n];
        Arrays.setAll(ids, i -> i);
        return new BenchTable(syntheticName(n), new VectorTable(ids, vectors, Options.DIMENSION), queries,
                options.queries(), "synthetic clustered, seed " + options.seed());
    }

    /** "synthetic_1m", "synthetic_100k", "synthetic_2500". */
    static String syntheticName(int n) {
        if (n % 1_000_000 == 0) {
            return "synthetic_" + n / 1_000_000 + "m";
        }
        if (n % 1_000 == 0) {
            return "synthetic_" + n / 1_000 + "k";
        }
        return "synthetic_" + n;
    }
}
