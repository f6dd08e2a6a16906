package io.recsys.gsasrec.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.recsys.gsasrec.GsasrecConfig;
import io.recsys.gsasrec.checkpoint.FloatTensor;
import io.recsys.gsasrec.checkpoint.StateDict;
import io.recsys.gsasrec.model.ArchitectureInference;
import io.recsys.gsasrec.model.ParameterNames;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a model bundle directory. The files are written into a sibling temporary directory
 * which then replaces the target, so a reader never sees half a bundle.
 */
public final class BundleWriter {

    public static final String MANIFEST = "manifest.json";
    public static final String WEIGHTS_FILE = "weights.bin";
    public static final String ITEM_EMBEDDINGS_FILE = "item_embeddings.f32";
    public static final String ITEM_IDS_FILE = "item_ids.txt";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Clock clock;
    private int[] externalItemIds;
    private BundleManifest.Training training;
    private Map<String, Double> metrics = Map.of();

    public BundleWriter() {
        this(Clock.systemUTC());
    }

    public BundleWriter(Clock clock) {
        this.clock = clock;
    }

    /** External ids (e.g. MovieLens movie ids): element r − 1 is the external id of model item r. */
    public BundleWriter itemIds(int[] externalIds) {
        this.externalItemIds = externalIds.clone();
        return this;
    }

    public BundleWriter training(String dataHash, Map<String, Object> trainConfig) {
        this.training = new BundleManifest.Training(dataHash, new LinkedHashMap<>(trainConfig));
        return this;
    }

    public BundleWriter metrics(Map<String, Double> metrics) {
        this.metrics = new LinkedHashMap<>(metrics);
        return this;
    }

    public BundleManifest write(Path dir, GsasrecConfig config, StateDict weights) throws IOException {
        ArchitectureInference.validate(config, weights);
        if (externalItemIds != null && externalItemIds.length != config.numItems()) {
            throw new IllegalArgumentException("item id map has " + externalItemIds.length
                    + " entries for " + config.numItems() + " items");
        }
        Path target = dir.toAbsolutePath().normalize();
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".tmp");
        try {
            Map<String, BundleManifest.FileEntry> files = new LinkedHashMap<>();
            byte[] weightBytes = WeightsFile.encode(weights);
            Files.write(tmp.resolve(WEIGHTS_FILE), weightBytes);
            files.put(BundleManifest.WEIGHTS, entry(tmp, WEIGHTS_FILE));
            ItemEmbeddingsFile.write(tmp.resolve(ITEM_EMBEDDINGS_FILE), outputRows(config, weights));
            files.put(BundleManifest.ITEM_EMBEDDINGS, entry(tmp, ITEM_EMBEDDINGS_FILE));
            if (externalItemIds != null) {
                StringBuilder sb = new StringBuilder();
                for (int id : externalItemIds) {
                    sb.append(id).append('\n');
                }
                Files.writeString(tmp.resolve(ITEM_IDS_FILE), sb, StandardCharsets.UTF_8);
                files.put(BundleManifest.ITEM_IDS, entry(tmp, ITEM_IDS_FILE));
            }
            String contentHash = ContentHash.ofModel(weightBytes, config);
            BundleManifest manifest = new BundleManifest(BundleManifest.FORMAT, BundleManifest.FORMAT_VERSION,
                    BundleManifest.versionOf(contentHash), contentHash, clock.instant().toString(), config,
                    files, training, metrics);
            JSON.writeValue(tmp.resolve(MANIFEST).toFile(), manifest);
            replace(tmp, target);
            return manifest;
        } finally {
            deleteRecursively(tmp);
        }
    }

    /** Rows 1..N of the scoring table: padding and id 0 are never recommended. */
    static float[][] outputRows(GsasrecConfig config, StateDict weights) {
        FloatTensor table = weights.get(config.reuseItemEmbeddings()
                ? ParameterNames.ITEM_EMBEDDING : ParameterNames.OUTPUT_EMBEDDING);
        float[][] rows = new float[config.numItems()][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = table.row(r + 1);
        }
        return rows;
    }

    private static BundleManifest.FileEntry entry(Path dir, String name) throws IOException {
        Path f = dir.resolve(name);
        return new BundleManifest.FileEntry(name, ContentHash.ofFile(f), Files.size(f));
    }

    private static void replace(Path tmp, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
            Files.move(target, old);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target);
        }
        if (old != null) {
            deleteRecursively(old);
        }
    }

    static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
