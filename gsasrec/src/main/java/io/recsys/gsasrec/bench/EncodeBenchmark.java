package io.recsys.gsasrec.bench;

import io.recsys.gsasrec.model.DjlRuntime;

import io.recsys.gsasrec.GsasrecConfig;
import io.recsys.gsasrec.GsasrecEncoder;
import io.recsys.gsasrec.SasrecFiles;
import io.recsys.gsasrec.bundle.ModelBundle;
import io.recsys.gsasrec.model.DjlRuntime;
import io.recsys.gsasrec.model.GsasrecParameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The engine of {@code ./recsys bench encode}: throughput of encoding every history of a
 * SASRec-format file on several threads, and the latency of one history at a time.
 */
public final class EncodeBenchmark {

    /**
     * @param input SASRec-format histories (ML-1M: ml-1m-sasrec/train/input.txt)
     * @param bundle a model bundle directory, or null for a randomly initialised model of the
     *     ML-1M reference architecture (cost does not depend on the weights' values)
     * @param threads concurrent callers for the throughput part
     * @param singleSamples how many single-history encodes to time after warm-up
     */
    public record Options(Path input, Path bundle, int threads, int singleSamples, long seed) {
        public static Options defaults(Path input) {
            return new Options(input, null, 2, 2000, 42);
        }
    }

    private EncodeBenchmark() {}

    public static Map<String, Object> run(Options options) throws IOException, InterruptedException {
        List<int[]> histories = SasrecFiles.readSequences(options.input());
        if (options.bundle() != null) {
            ModelBundle bundle = ModelBundle.load(options.bundle());
            try (GsasrecEncoder encoder = bundle.newEncoder()) {
                Map<String, Object> result = run(encoder, histories, options.threads(), options.singleSamples(), options.seed());
                result.put("model", bundle.modelVersion());
                return result;
            }
        }
        int maxId = histories.stream().flatMapToInt(Arrays::stream).max().orElse(2);
        GsasrecConfig config = GsasrecConfig.ml1mReference(maxId);
        try (GsasrecEncoder encoder = GsasrecEncoder.create(config,
                GsasrecParameters.randomStateDict(config, options.seed(), 1.0))) {
            Map<String, Object> result = run(encoder, histories, options.threads(), options.singleSamples(), options.seed());
            result.put("model", "random-init");
            return result;
        }
    }

    public static Map<String, Object> run(GsasrecEncoder encoder, List<int[]> histories, int threads,
                                          int singleSamples, long seed) throws InterruptedException {
        // warm-up: JIT, libtorch's allocator and kernels for every shape class we will use
        encoder.encode(histories.subList(0, Math.min(histories.size(), 512)));
        double perSecond = throughput(encoder, histories, threads);

        List<int[]> sample = new ArrayList<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int i = 0; i < singleSamples + 200; i++) {
            sample.add(histories.get(random.nextInt(histories.size())));
        }
        double[] millis = new double[singleSamples];
        for (int i = 0; i < sample.size(); i++) {
            long start = System.nanoTime();
            encoder.encode(sample.get(i));
            long elapsed = System.nanoTime() - start;
            if (i >= 200) {
                millis[i - 200] = elapsed / 1e6;
            }
        }
        Arrays.sort(millis);
        GsasrecConfig c = encoder.config();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "encode");
        result.put("histories", histories.size());
        result.put("mean_window_length", histories.stream().mapToInt(h -> encoder.window(h).length).average().orElse(0));
        result.put("threads", threads);
        result.put("intra_op_threads", DjlRuntime.intraOpThreads());
        result.put("embeddings_per_s", Math.round(perSecond * 10) / 10.0);
        result.put("single_p50_ms", round3(percentile(millis, 0.50)));
        result.put("single_p99_ms", round3(percentile(millis, 0.99)));
        result.put("single_max_ms", round3(millis.length == 0 ? 0 : millis[millis.length - 1]));
        result.put("sequence_length", c.sequenceLength());
        result.put("embedding_dim", c.embeddingDim());
        result.put("num_blocks", c.numBlocks());
        result.put("num_heads", c.numHeads());
        result.put("num_items", c.numItems());
        return result;
    }

    private static double throughput(GsasrecEncoder encoder, List<int[]> histories, int threads)
            throws InterruptedException {
        // deal histories out in length order so every thread gets the same mix of lengths
        List<int[]> sorted = new ArrayList<>(histories);
        sorted.sort(Comparator.comparingInt(h -> h.length));
        List<List<int[]>> shares = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < sorted.size(); i++) {
            shares.get(i % threads).add(sorted.get(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<float[][]>> done = new ArrayList<>();
            for (List<int[]> share : shares) {
                done.add(pool.submit(() -> encoder.encode(share)));
            }
            for (Future<float[][]> f : done) {
                f.get();
            }
            return histories.size() / ((System.nanoTime() - start) / 1e9);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("encoding failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int idx = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
