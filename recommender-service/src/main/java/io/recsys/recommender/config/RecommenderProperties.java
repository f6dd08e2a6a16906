package io.recsys.recommender.config;

import io.recsys.recommender.topology.TopologyConfig;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the recommender service (prefix {@code recsys.recommender}); the README's
 * configuration table lists each with its environment variable.
 *
 * @param modelDir          the gSASRec bundle directory served at startup (env MODEL_DIR)
 * @param indexKind         vector index over item embeddings: EXACT, FLAT, IVF_FLAT or HNSW
 * @param snapshotDir       the sync worker's snapshot directory as mounted here (env
 *                          SNAPSHOT_DIR); blank: every index is built from its bundle. When set,
 *                          a new model waits for the worker's snapshot of its index
 * @param snapshotWait      how long a new model waits for that snapshot before its index is
 *                          built from the bundle
 * @param batchSize         changed users encoded together
 * @param flushInterval     longest a changed user waits for its batch
 * @param topK              recommendations published per user on the recommendations topic
 * @param maxK              largest k a query may ask for
 * @param maxBatchUsers     largest user_ids list of /recommend_batch
 * @param maxBodySize       largest request body read; a larger one is refused with 413
 * @param maxFilterValues   most values in one list of a query's filters (filters.genres)
 * @param maxStringLength   longest string a query may carry (a genre name)
 * @param updateTimeout     how long /update_user waits for the new embedding before 202 pending
 * @param applicationId     Kafka Streams application.id (instances with the same id share work)
 * @param stateDir          where RocksDB stores live
 * @param processingGuarantee exactly_once_v2 or at_least_once
 * @param commitInterval    Streams commit.interval.ms: outputs become visible at each commit
 * @param streamThreads     Streams threads of this instance
 * @param advertisedHost    host other instances use to forward queries here; with the web
 *                          port it is this instance's Streams {@code application.server}
 * @param forwardTimeout    longest wait for another instance's answer to a forwarded query
 * @param refreshInterval   how often popularity and filter metadata are recomputed from the
 *                          item-stats and catalog stores
 * @param rocksdbMemory     one budget for all RocksDB stores of the instance: block cache,
 *                          index and filter blocks, and (half of it at most) memtables
 * @param instanceId        this instance's static group membership id (group.instance.id);
 *                          blank = advertised host and port. A restarted instance with the same
 *                          id takes its partitions back at once instead of after sessionTimeout
 * @param sessionTimeout    Streams consumer session.timeout.ms: how long the others wait for
 *                          an instance that crashed before taking its partitions over (one
 *                          that stops cleanly leaves the group at once)
 * @param ingestUrl         the ingest API the web console posts ratings to (env INGEST_URL)
 * @param catchUpLag        events older than this on arrival mean a backlog: recomputation
 *                          then coalesces (see TopologyConfig.CatchUp)
 * @param catchUpBatchSize  pending users that trigger a flush while catching up
 * @param catchUpMaxDelay   longest a pending user waits while catching up
 * @param catchUpCommitInterval Streams' own commit.interval.ms, which paces commits while
 *                          catching up (live outputs are committed within commitInterval)
 * @param stateCacheSize    Streams' record cache over the user-histories store: a history
 *                          rewritten several times between commits reaches RocksDB and the
 *                          changelog once
 * @param modelThreads      libtorch intra-op threads of the model (process-wide): one keeps a
 *                          single encode's tail latency low on a shared machine
 * @param userCacheSize     users whose decoded state (seen movies, embedding) queries keep in
 *                          memory instead of reading RocksDB; 0 reads the stores every time
 */
@Validated
@ConfigurationProperties("recsys.recommender")
public record RecommenderProperties(
    @NotNull Path modelDir,
    @DefaultValue("EXACT") @NotBlank
    @Pattern(regexp = "(?i)EXACT|FLAT|IVF_FLAT|HNSW",
        message = "must be EXACT, FLAT, IVF_FLAT or HNSW")
    String indexKind,
    @DefaultValue("") String snapshotDir,
    @DefaultValue("60s") @NotNull Duration snapshotWait,
    @DefaultValue("256") @Min(1) @Max(65_536) int batchSize,
    @DefaultValue("5ms") @NotNull Duration flushInterval,
    @DefaultValue("10") @Min(1) @Max(1_000) int topK,
    @DefaultValue("1000") @Min(1) @Max(100_000) int maxK,
    @DefaultValue("1000") @Min(1) @Max(100_000) int maxBatchUsers,
    @DefaultValue("256KB") @NotNull DataSize maxBodySize,
    @DefaultValue("64") @Min(1) @Max(100_000) int maxFilterValues,
    @DefaultValue("64") @Min(1) @Max(100_000) int maxStringLength,
    @DefaultValue("2s") @NotNull Duration updateTimeout,
    @DefaultValue("recsys-recommender") @NotBlank String applicationId,
    @DefaultValue("var/streams") @NotNull Path stateDir,
    @DefaultValue("exactly_once_v2")
    @Pattern(regexp = "exactly_once_v2|at_least_once",
        message = "must be exactly_once_v2 or at_least_once")
    String processingGuarantee,
    @DefaultValue(TopologyConfig.DEFAULT_COMMIT_INTERVAL) @NotNull Duration commitInterval,
    @DefaultValue("1") @Min(1) @Max(64) int streamThreads,
    @DefaultValue("localhost") @NotBlank String advertisedHost,
    @DefaultValue("5s") @NotNull Duration forwardTimeout,
    @DefaultValue("2s") @NotNull Duration refreshInterval,
    @DefaultValue("128MB") @NotNull DataSize rocksdbMemory,
    @DefaultValue("") String instanceId,
    @DefaultValue("45s") @NotNull Duration sessionTimeout,
    @DefaultValue("http://localhost:8081") @NotBlank String ingestUrl,
    @DefaultValue(TopologyConfig.CatchUp.DEFAULT_LAG) @NotNull Duration catchUpLag,
    @DefaultValue(TopologyConfig.CatchUp.DEFAULT_BATCH_SIZE) @Min(1) @Max(1_000_000) int catchUpBatchSize,
    @DefaultValue(TopologyConfig.CatchUp.DEFAULT_MAX_DELAY) @NotNull Duration catchUpMaxDelay,
    @DefaultValue("500ms") @NotNull Duration catchUpCommitInterval,
    @DefaultValue("64MB") @NotNull DataSize stateCacheSize,
    @DefaultValue("1") @Min(1) @Max(256) int modelThreads,
    @DefaultValue("20000") @Min(0) @Max(100_000_000) long userCacheSize) {

  public RecommenderProperties {
    if (maxBodySize != null
        && (maxBodySize.toBytes() < 1 || maxBodySize.toBytes() > Integer.MAX_VALUE - 8)) {
      throw new IllegalArgumentException(
          "recsys.recommender.max-body-size must be between 1 B and 2 GB, was " + maxBodySize);
    }
  }

  /** {@link #snapshotDir} when set. */
  public java.util.Optional<Path> snapshots() {
    return snapshotDir == null || snapshotDir.isBlank() ? java.util.Optional.empty()
        : java.util.Optional.of(Path.of(snapshotDir.trim()));
  }

  /** {@link #maxBodySize} in bytes. */
  public int maxBodyBytes() {
    return (int) maxBodySize.toBytes();
  }
}
