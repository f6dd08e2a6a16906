package io.recsys.gsasrec.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.recsys.gsasrec.GsasrecConfig;

import java.util.Map;

/**
 * {@code manifest.json} of a model bundle: what the model is, which files make it up (each with
 * its SHA-256), how it was trained and how well it did. {@code contentHash} is SHA-256 over the
 * weights file and the canonical config; {@code modelVersion} is derived from it, so two bundles
 * with the same weights and architecture have the same version wherever they were written.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BundleManifest(
        @JsonProperty("format") String format,
        @JsonProperty("format_version") int formatVersion,
        @JsonProperty("model_version") String modelVersion,
        @JsonProperty("content_hash") String contentHash,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("config") GsasrecConfig config,
        @JsonProperty("files") Map<String, FileEntry> files,
        @JsonProperty("training") Training training,
        @JsonProperty("metrics") Map<String, Double> metrics) {

    public static final String FORMAT = "gsasrec-bundle";
    public static final int FORMAT_VERSION = 1;

    public static final String WEIGHTS = "weights";
    public static final String ITEM_EMBEDDINGS = "item_embeddings";
    public static final String ITEM_IDS = "item_ids";

    /** One file of the bundle, relative to the bundle directory. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileEntry(
            @JsonProperty("path") String path,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("bytes") long bytes) {}

    /** Where the model came from: a hash of the training data and the training settings. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Training(
            @JsonProperty("data_hash") String dataHash,
            @JsonProperty("config") Map<String, Object> config) {}

    public static String versionOf(String contentHash) {
        return "gsasrec-" + contentHash.substring(0, 16);
    }
}
