package io.recsys.gsasrec.bundle;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.gsasrec.GsasrecConfig;
import io.recsys.gsasrec.GsasrecEncoder;
import io.recsys.gsasrec.checkpoint.CheckpointFormatException;
import io.recsys.gsasrec.checkpoint.StateDict;
import io.recsys.gsasrec.model.ArchitectureInference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded, fully validated model bundle: manifest, weights (on the heap) and the optional item
 * id map. Holds no native memory; {@link #newEncoder()} makes an encoder that the caller closes.
 */
public final class ModelBundle {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final String HOW_TO_MAKE = "`./recsys train` makes one";

    private final Path dir;
    private final BundleManifest manifest;
    private final StateDict weights;
    private final int[] externalItemIds;

    private ModelBundle(Path dir, BundleManifest manifest, StateDict weights, int[] externalItemIds) {
        this.dir = dir;
        this.manifest = manifest;
        this.weights = weights;
        this.externalItemIds = externalItemIds;
    }

    /** Loads and checks everything: files present, hashes, shapes, and that the files agree. */
    public static ModelBundle load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new InvalidBundleException(dir, "no model bundle directory here; " + HOW_TO_MAKE);
        }
        Path manifestFile = dir.resolve(BundleWriter.MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new InvalidBundleException(manifestFile, "model bundle has no manifest.json; " + HOW_TO_MAKE);
        }
        BundleManifest manifest;
        try {
            manifest = JSON.readValue(manifestFile.toFile(), BundleManifest.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidBundleException(manifestFile, "manifest.json is unreadable: " + e.getMessage(), e);
        }
        if (!BundleManifest.FORMAT.equals(manifest.format()) || manifest.formatVersion() != BundleManifest.FORMAT_VERSION) {
            throw new InvalidBundleException(manifestFile, "unsupported bundle format " + manifest.format() + " v"
                    + manifest.formatVersion() + "; this build reads " + BundleManifest.FORMAT + " v"
                    + BundleManifest.FORMAT_VERSION);
        }
        if (manifest.config() == null || manifest.files() == null) {
            throw new InvalidBundleException(manifestFile, "manifest.json lacks 'config' or 'files'");
        }
        GsasrecConfig config = manifest.config();
        Path weightsFile = checkedFile(dir, manifest, BundleManifest.WEIGHTS, true);
        byte[] weightBytes = Files.readAllBytes(weightsFile);
        StateDict weights = WeightsFile.decode(weightBytes, weightsFile.toString());
        try {
            ArchitectureInference.validate(config, weights);
        } catch (CheckpointFormatException e) {
            throw new InvalidBundleException(weightsFile, "weights do not fit the manifest's config: " + e.getMessage());
        }
        String contentHash = ContentHash.ofModel(weightBytes, config);
        if (!contentHash.equals(manifest.contentHash())) {
            throw new InvalidBundleException(manifestFile, "content hash mismatch: manifest says "
                    + manifest.contentHash() + ", weights and config hash to " + contentHash);
        }
        if (!BundleManifest.versionOf(contentHash).equals(manifest.modelVersion())) {
            throw new InvalidBundleException(manifestFile, "model_version " + manifest.modelVersion()
                    + " does not derive from the content hash");
        }
        checkItemEmbeddings(checkedFile(dir, manifest, BundleManifest.ITEM_EMBEDDINGS, true), config, weights);
        Path idsFile = checkedFile(dir, manifest, BundleManifest.ITEM_IDS, false);
        int[] ids = idsFile == null ? null : readItemIds(idsFile, config.numItems());
        return new ModelBundle(dir, manifest, weights, ids);
    }

    private static Path checkedFile(Path dir, BundleManifest manifest, String role, boolean required) throws IOException {
        BundleManifest.FileEntry entry = manifest.files().get(role);
        if (entry == null) {
            if (required) {
                throw new InvalidBundleException(dir.resolve(BundleWriter.MANIFEST),
                        "manifest.json lists no '" + role + "' file");
            }
            return null;
        }
        Path file = dir.resolve(entry.path()).normalize();
        if (!file.startsWith(dir.normalize())) {
            throw new InvalidBundleException(file, "'" + role + "' points outside the bundle");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidBundleException(file, "model bundle is missing its " + role + " file; " + HOW_TO_MAKE);
        }
        String actual = ContentHash.ofFile(file);
        if (!actual.equals(entry.sha256())) {
            throw new InvalidBundleException(file, "hash mismatch for " + role + ": manifest says "
                    + entry.sha256() + ", file has " + actual);
        }
        return file;
    }

    private static void checkItemEmbeddings(Path file, GsasrecConfig config, StateDict weights) throws IOException {
        float[][] rows = ItemEmbeddingsFile.read(file);
        int cols = rows.length == 0 ? 0 : rows[0].length;
        if (rows.length != config.numItems() || cols != config.embeddingDim()) {
            throw new InvalidBundleException(file, "shape mismatch: item embeddings are " + rows.length + " x " + cols
                    + ", the model needs " + config.numItems() + " x " + config.embeddingDim());
        }
        float[][] expected = BundleWriter.outputRows(config, weights);
        for (int r = 0; r < rows.length; r++) {
            if (!java.util.Arrays.equals(rows[r], expected[r])) {
                throw new InvalidBundleException(file, "item embeddings differ from the weights' output table at item " + (r + 1));
            }
        }
    }

    private static int[] readItemIds(Path file, int numItems) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList();
        if (lines.size() != numItems) {
            throw new InvalidBundleException(file, "item id map has " + lines.size() + " lines for " + numItems + " items");
        }
        int[] ids = new int[numItems];
        for (int i = 0; i < numItems; i++) {
            try {
                ids[i] = Integer.parseInt(lines.get(i).trim());
            } catch (NumberFormatException e) {
                throw new InvalidBundleException(file, "line " + (i + 1) + " of the item id map is not an integer");
            }
        }
        return ids;
    }

    public Path dir() {
        return dir;
    }

    public BundleManifest manifest() {
        return manifest;
    }

    public GsasrecConfig config() {
        return manifest.config();
    }

    public String modelVersion() {
        return manifest.modelVersion();
    }

    public StateDict weights() {
        return weights;
    }

    public Map<String, Double> metrics() {
        return manifest.metrics() == null ? Map.of() : manifest.metrics();
    }

    /** Element r − 1 is the external (e.g. MovieLens) id of model item r, when the bundle has a map. */
    public Optional<int[]> externalItemIds() {
        return Optional.ofNullable(externalItemIds).map(int[]::clone);
    }

    /** The path of the plain item embedding matrix, for readers that do not use DJL. */
    public Path itemEmbeddingsFile() {
        return dir.resolve(manifest.files().get(BundleManifest.ITEM_EMBEDDINGS).path());
    }

    public GsasrecEncoder newEncoder() {
        return GsasrecEncoder.create(config(), weights);
    }
}
