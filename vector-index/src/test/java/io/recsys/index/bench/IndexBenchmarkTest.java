package io.recsys.index.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.index.IndexKind;
import io.recsys.index.faiss.FaissLibrary;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IndexBenchmarkTest {

    @Test
    void producesTheDocumentedJsonShapeOnATinyRun() throws Exception {
        IndexBenchmark.Options options = IndexBenchmark.Options.parse(
                "--synthetic-size", "3000", "--queries=40", "--qps-seconds", "0.1", "--ef-sweep", "16", "--seed", "3");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Map<String, Object> result = IndexBenchmark.run(options, new PrintStream(progress, true, StandardCharsets.UTF_8));
        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(result));

        List<String> kinds = FaissLibrary.isAvailable() ? List.of("exact", "flat", "ivf_flat", "hnsw") : List.of("exact");
        for (String table : List.of("ml1m", "synthetic_3k")) {
            for (String kind : kinds) {
                for (String suffix : List.of("", "_filter_1pct", "_filter_10pct")) {
                    JsonNode entry = json.path(table).path(kind + suffix);
                    assertThat(entry.isObject()).as(table + "." + kind + suffix).isTrue();
                    for (String key : List.of("build_s", "p50_ms", "p99_ms", "qps", "recall_at_10")) {
                        assertThat(entry.path(key).isNumber()).as(table + "." + kind + suffix + "." + key).isTrue();
                    }
                }
            }
            assertThat(json.path(table).path("exact").path("recall_at_10").asDouble()).isEqualTo(1.0);
            assertThat(json.path(table).path("exact_filter_1pct").path("recall_at_10").asDouble()).isEqualTo(1.0);
        }
        if (FaissLibrary.isAvailable()) {
            assertThat(json.path("synthetic_3k").path("flat").path("recall_at_10").asDouble()).isGreaterThan(0.999);
            assertThat(json.path("synthetic_3k").path("hnsw_ef16").isObject()).isTrue();
            // the sweep also measures the broad filter the graph walk answers
            assertThat(json.path("synthetic_3k").path("hnsw_ef16_filter_10pct").path("recall_at_10").isNumber())
                    .isTrue();
        }
        assertThat(json.path("rss_mb_per_million").isNumber()).isTrue();
        assertThat(json.path("ml1m").path("table").path("rows").asInt()).isEqualTo(3_416);
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("[ml1m] exact");
    }

    @Test
    void parsesOptions() {
        IndexBenchmark.Options o = IndexBenchmark.Options.parse("--kinds", "exact,hnsw", "--threads=3",
                "--synthetic-size", "1_000_000");
        assertThat(o.kinds()).containsExactly(IndexKind.EXACT, IndexKind.HNSW);
        assertThat(o.threads()).isEqualTo(3);
        assertThat(o.syntheticSize()).isEqualTo(1_000_000);
        assertThat(IndexBenchmark.syntheticName(1_000_000)).isEqualTo("synthetic_1m");
        assertThat(IndexBenchmark.syntheticName(100_000)).isEqualTo("synthetic_100k");
        assertThat(IndexBenchmark.Options.defaults().queries()).isEqualTo(1_000);
    }
}
