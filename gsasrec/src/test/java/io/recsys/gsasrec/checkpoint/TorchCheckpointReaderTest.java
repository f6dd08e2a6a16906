package io.recsys.gsasrec.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.gsasrec.GsasrecConfig;
import io.recsys.gsasrec.ReferenceFixtures;
import io.recsys.gsasrec.model.ArchitectureInference;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchCheckpointReaderTest {

    @Test
    void readsTheSeparateOutputTableModel() throws Exception {
        StateDict weights = TorchCheckpointReader.read(ReferenceFixtures.file("tiny-h1.pt"));
        assertThat(weights.get("item_embedding.weight").shape()).containsExactly(102, 32);
        assertThat(weights.get("position_embedding.weight").shape()).containsExactly(50, 32);
        assertThat(weights.get("transformer_blocks.1.dense2.weight").shape()).containsExactly(32, 32);
        assertThat(weights.names()).first().isEqualTo("item_embedding.weight");

        GsasrecConfig config = ArchitectureInference.infer(weights, 1, 0.5);
        assertThat(config).isEqualTo(new GsasrecConfig(100, 50, 32, 1, 2, 0.5, false));
    }

    @Test
    void readsTheReusedTableModel() throws Exception {
        StateDict weights = TorchCheckpointReader.read(ReferenceFixtures.file("tiny-h2-reuse.pt"));
        assertThat(weights.contains("output_embedding.weight")).isFalse();
        assertThat(ArchitectureInference.infer(weights, 2, 0.5))
                .isEqualTo(new GsasrecConfig(100, 50, 32, 2, 3, 0.5, true));
    }

    @Test
    void headsThatDoNotDivideTheDimensionAreRefused() throws Exception {
        StateDict weights = TorchCheckpointReader.read(ReferenceFixtures.file("tiny-h1.pt"));
        assertThatThrownBy(() -> ArchitectureInference.infer(weights, 3, 0.5))
                .hasMessageContaining("num_heads must divide embedding_dim");
    }

    @Test
    void picklesThatCallAnythingElseAreRefused(@TempDir Path dir) throws Exception {
        // protocol 2: GLOBAL os.system, a string argument tuple, REDUCE, STOP
        ByteArrayOutputStream pkl = new ByteArrayOutputStream();
        pkl.write(new byte[] {(byte) 0x80, 2});
        pkl.write("cos\nsystem\n".getBytes(StandardCharsets.US_ASCII));
        byte[] arg = "echo".getBytes(StandardCharsets.US_ASCII);
        pkl.write('X');
        pkl.write(new byte[] {(byte) arg.length, 0, 0, 0});
        pkl.write(arg);
        pkl.write(new byte[] {(byte) 0x85, 'R', '.'});
        Path file = dir.resolve("evil.pt");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("evil/data.pkl"));
            zip.write(pkl.toByteArray());
            zip.closeEntry();
        }
        assertThatThrownBy(() -> TorchCheckpointReader.read(file))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("call of os.system");
    }

    @Test
    void aFileThatIsNotAZipSaysSo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("legacy.pt");
        Files.write(file, new byte[] {(byte) 0x80, 2, '.', 0, 0});
        assertThatThrownBy(() -> TorchCheckpointReader.read(file)).hasMessageContaining("not a zip-format");
    }
}
