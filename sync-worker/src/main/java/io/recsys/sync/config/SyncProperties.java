package io.recsys.sync.config;

import io.recsys.index.IndexKind;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the sync worker (prefix {@code recsys.sync}); sync-worker/README.md lists each
 * with its environment variable.
 *
 * @param snapshotDir        where index snapshot files are written (env SNAPSHOT_DIR)
 * @param kinds              index kinds to build per model: exact, flat, ivf_flat, hnsw
 *                           (env SNAPSHOT_KINDS); FAISS kinds fall back to exact when the
 *                           native library is missing
 * @param failIfUnavailable  fail instead of falling back when FAISS is missing
 * @param intervalHours      scheduled reconcile period in hours, 0 turns it off (env SYNC_INTERVAL)
 * @param metadataWait       how long a rollout waits for the catalog and item-stats topics to
 *                           be read up to their end before writing payloads without them
 * @param payloadDebounce    catalog and item-stats changes are collected this long, then
 *                           written to Qdrant together (a movie changed often is written once)
 * @param retry              retries of a failed rollout step and of Qdrant calls
 * @param qdrant             the Qdrant collection kept in step
 */
@Validated
@ConfigurationProperties("recsys.sync")
public record SyncProperties(
    @DefaultValue("var/snapshots") @NotNull Path snapshotDir,
    @DefaultValue("flat") @NotEmpty List<@NotBlank String> kinds,
    @DefaultValue("false") boolean failIfUnavailable,
    @DefaultValue("6") @Min(0) @Max(24 * 365) int intervalHours,
    @DefaultValue("30s") @NotNull Duration metadataWait,
    @DefaultValue("2s") @NotNull Duration payloadDebounce,
    @DefaultValue @Valid @NotNull Retry retry,
    @DefaultValue @Valid @NotNull Qdrant qdrant) {

  /** The kinds, parsed; validation has already checked each parses. */
  public List<IndexKind> indexKinds() {
    return kinds.stream().map(IndexKind::parse).distinct().toList();
  }

  @AssertTrue(message = "kinds must each be one of exact, flat, ivf_flat, hnsw")
  public boolean isKindsValid() {
    try {
      return indexKinds().stream().allMatch(IndexKind::isBuiltByFactory);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * @param maxAttempts    tries of one Qdrant call (a batch upsert, an alias swap) before the
   *                       step fails; a failed rollout is retried as a whole after backoff
   * @param initialBackoff first wait after a failure, doubled each time
   * @param maxBackoff     longest wait between tries
   */
  public record Retry(
      @DefaultValue("5") @Min(1) @Max(100) int maxAttempts,
      @DefaultValue("500ms") @NotNull Duration initialBackoff,
      @DefaultValue("1m") @NotNull Duration maxBackoff) {
  }

  /**
   * @param enabled    whether models are rolled out to Qdrant at all (env QDRANT_ENABLED)
   * @param url        gRPC endpoint, e.g. http://localhost:6334 (env QDRANT_URL)
   * @param apiKey     API key, empty for none (env QDRANT_API_KEY)
   * @param alias      the alias queries use; collections are named alias_version
   *                   (env QDRANT_ALIAS)
   * @param keep       collections of ours kept, the current one included (env QDRANT_KEEP)
   * @param batchSize  points per upsert request (env QDRANT_BATCH_SIZE)
   * @param timeout    deadline of one Qdrant call
   */
  public record Qdrant(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("http://localhost:6334") @NotBlank String url,
      @DefaultValue("") String apiKey,
      @DefaultValue("items") @NotBlank String alias,
      @DefaultValue("2") @Min(1) @Max(100) int keep,
      @DefaultValue("256") @Min(1) @Max(10_000) int batchSize,
      @DefaultValue("10s") @NotNull Duration timeout) {
  }
}
