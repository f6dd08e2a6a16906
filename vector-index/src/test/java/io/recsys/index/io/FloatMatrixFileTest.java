package io.recsys.index.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FloatMatrixFileTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsWithAHeader() throws IOException {
        float[] data = new float[70_000 * 3];
        for (int i = 0; i < data.length; i++) {
            data[i] = i * 0.25f - 7;
        }
        Path file = dir.resolve("emb.f32");
        FloatMatrixFile.write(file, 70_000, 3, data);
        assertThat(Files.size(file)).isEqualTo(12 + 4L * data.length);
        FloatMatrixFile.Matrix m = FloatMatrixFile.read(file);
        assertThat(m.rows()).isEqualTo(70_000);
        assertThat(m.cols()).isEqualTo(3);
        assertThat(m.data()).containsExactly(data);
        assertThat(m.row(2)).containsExactly(data[6], data[7], data[8]);
    }

    @Test
    void theLayoutIsLittleEndianAsDocumented() throws IOException {
        Path file = dir.resolve("tiny.f32");
        FloatMatrixFile.write(file, 1, 2, new float[] {1.5f, -2f});
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        b.get(magic);
        assertThat(new String(magic)).isEqualTo("RSVF");
        assertThat(b.getInt()).isEqualTo(1);
        assertThat(b.getInt()).isEqualTo(2);
        assertThat(b.getFloat()).isEqualTo(1.5f);
        assertThat(b.getFloat()).isEqualTo(-2f);
    }

    @Test
    void readsHeaderlessFilesWhenTheWidthIsKnown() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * 6).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) {
            b.putFloat(i);
        }
        Path file = dir.resolve("raw.f32");
        Files.write(file, b.array());
        FloatMatrixFile.Matrix m = FloatMatrixFile.read(file, 3);
        assertThat(m.rows()).isEqualTo(2);
        assertThat(m.data()).containsExactly(0, 1, 2, 3, 4, 5);
        assertThatThrownBy(() -> FloatMatrixFile.readHeaderless(file, 4)).hasMessageContaining("whole number");
        assertThatThrownBy(() -> FloatMatrixFile.read(file)).hasMessageContaining("no 'RSVF' header");
    }

    @Test
    void refusesTruncatedFiles() throws IOException {
        Path file = dir.resolve("cut.f32");
        FloatMatrixFile.write(file, 10, 4, new float[40]);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 4));
        assertThatThrownBy(() -> FloatMatrixFile.read(file)).hasMessageContaining("truncated");
    }
}
