package io.recsys.gsasrec.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recsys.gsasrec.GsasrecConfig;
import io.recsys.gsasrec.GsasrecEncoder;
import io.recsys.gsasrec.ReferenceFixtures;
import io.recsys.gsasrec.checkpoint.StateDict;
import io.recsys.gsasrec.checkpoint.TorchCheckpointReader;
import io.recsys.gsasrec.model.ArchitectureInference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-02T03:04:05Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;
    private StateDict weights;
    private GsasrecConfig config;
    private Path dir;

    @BeforeEach
    void writeBundle() throws Exception {
        weights = TorchCheckpointReader.read(ReferenceFixtures.file("tiny-h1.pt"));
        config = ArchitectureInference.infer(weights, 1, 0.5);
        dir = tmp.resolve("model");
        new BundleWriter(CLOCK)
                .itemIds(IntStream.rangeClosed(1, 100).map(i -> 1000 + i).toArray())
                .training("abc123", Map.of("loss", "gbce"))
                .metrics(Map.of("val_ndcg10", 0.25))
                .write(dir, config, weights);
    }

    @Test
    void roundTripsEverything() throws Exception {
        ModelBundle bundle = ModelBundle.load(dir);
        assertThat(bundle.config()).isEqualTo(config);
        assertThat(bundle.weights().asMap()).isEqualTo(weights.asMap());
        assertThat(bundle.externalItemIds().orElseThrow()).startsWith(1001, 1002).endsWith(1100);
        assertThat(bundle.metrics()).containsEntry("val_ndcg10", 0.25);
        assertThat(bundle.manifest().training().dataHash()).isEqualTo("abc123");
        assertThat(bundle.manifest().createdAt()).isEqualTo("2024-01-02T03:04:05Z");
        assertThat(bundle.modelVersion()).startsWith("gsasrec-").hasSize(24);
        try (GsasrecEncoder fromBundle = bundle.newEncoder();
             GsasrecEncoder fromPt = GsasrecEncoder.fromTorchCheckpoint(ReferenceFixtures.file("tiny-h1.pt"), 1)) {
            int[] h = ReferenceFixtures.inputs().get(4);
            assertThat(fromBundle.encode(h)).containsExactly(fromPt.encode(h));
        }
    }

    @Test
    void theModelVersionDependsOnlyOnWeightsAndConfig() throws Exception {
        Path other = tmp.resolve("again");
        new BundleWriter().write(other, config, weights);
        assertThat(ModelBundle.load(other).modelVersion()).isEqualTo(ModelBundle.load(dir).modelVersion());
        Path headsDiffer = tmp.resolve("heads");
        new BundleWriter().write(headsDiffer, config.withHeads(2), weights);
        assertThat(ModelBundle.load(headsDiffer).modelVersion()).isNotEqualTo(ModelBundle.load(dir).modelVersion());
    }

    @Test
    void itemEmbeddingsFileIsPlainRsvf() throws Exception {
        byte[] bytes = Files.readAllBytes(dir.resolve("item_embeddings.f32"));
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RSVF");
        assertThat(buf.getInt(4)).isEqualTo(100);
        assertThat(buf.getInt(8)).isEqualTo(32);
        assertThat(bytes).hasSize(12 + 100 * 32 * 4);
        float[] item1 = weights.get("output_embedding.weight").row(1);
        assertThat(buf.getFloat(12)).isEqualTo(item1[0]);
        assertThat(ItemEmbeddingsFile.read(dir.resolve("item_embeddings.f32"))[0]).containsExactly(item1);
    }

    @Test
    void aMissingBundleSaysHowToMakeOne() {
        assertThatThrownBy(() -> ModelBundle.load(tmp.resolve("nope")))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("./recsys train").hasMessageContaining("nope");
    }

    @Test
    void aMissingFileIsNamed() throws Exception {
        Files.delete(dir.resolve("item_embeddings.f32"));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .hasMessageContaining("item_embeddings").hasMessageContaining(dir.resolve("item_embeddings.f32").toString())
                .hasMessageContaining("./recsys train");
    }

    @Test
    void tamperedWeightsFailTheHashCheck() throws Exception {
        Path w = dir.resolve("weights.bin");
        byte[] bytes = Files.readAllBytes(w);
        bytes[bytes.length - 1] ^= 1;
        Files.write(w, bytes);
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .hasMessageContaining("hash mismatch for weights").hasMessageContaining(w.toString());
    }

    @Test
    void aConfigThatDoesNotFitTheWeightsIsAShapeMismatch() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path manifest = dir.resolve("manifest.json");
        JsonNode root = json.readTree(manifest.toFile());
        ((ObjectNode) root.get("config")).put("embedding_dim", 64);
        json.writeValue(manifest.toFile(), root);
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .hasMessageContaining("do not fit the manifest's config").hasMessageContaining("shape");
    }

    @Test
    void itemEmbeddingsOfTheWrongShapeAreRejected() throws Exception {
        Path f = dir.resolve("item_embeddings.f32");
        ItemEmbeddingsFile.write(f, new float[99][32]);
        ObjectMapper json = new ObjectMapper();
        Path manifest = dir.resolve("manifest.json");
        JsonNode root = json.readTree(manifest.toFile());
        ((ObjectNode) root.get("files").get("item_embeddings")).put("sha256", ContentHash.ofFile(f));
        json.writeValue(manifest.toFile(), root);
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .hasMessageContaining("shape mismatch").hasMessageContaining("99 x 32");
    }

    @Test
    void rewritingReplacesTheWholeBundle() throws Exception {
        new BundleWriter().write(dir, config, weights);
        assertThat(Files.exists(dir.resolve("item_ids.txt"))).isFalse();
        assertThat(ModelBundle.load(dir).externalItemIds()).isEmpty();
        try (var siblings = Files.list(tmp)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("model");
        }
    }
}
