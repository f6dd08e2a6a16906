package io.recsys.gsasrec.bundle;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The plain float matrix file that services read without DJL: the bytes {@code RSVF}, int32
 * rows, int32 cols (little-endian), then rows × cols little-endian float32, row-major.
 * In a bundle, row r is item id r + 1.
 */
public final class ItemEmbeddingsFile {

    public static final byte[] MAGIC = {'R', 'S', 'V', 'F'};
    private static final int HEADER = 12;

    private ItemEmbeddingsFile() {}

    public static void write(Path file, float[][] rows) throws IOException {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        ByteBuffer buf = ByteBuffer.allocate(HEADER + rows.length * cols * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putInt(rows.length).putInt(cols);
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " values, not " + cols);
            }
            for (float v : rows[r]) {
                buf.putFloat(v);
            }
        }
        try (OutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.write(buf.array());
        }
    }

    public static float[][] read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("item embeddings file not found: " + file.toAbsolutePath());
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER) {
                throw new IOException(file + " is too short for an RSVF header (" + size + " bytes)");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size, Integer.MAX_VALUE)).order(ByteOrder.LITTLE_ENDIAN);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // read fully
            }
            buf.flip();
            byte[] magic = new byte[4];
            buf.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + " does not start with RSVF");
            }
            int rows = buf.getInt();
            int cols = buf.getInt();
            long expected = HEADER + (long) rows * cols * 4;
            if (rows < 0 || cols < 0 || expected != size) {
                throw new IOException(file + " declares " + rows + " x " + cols + " floats (" + expected
                        + " bytes) but has " + size + " bytes");
            }
            float[][] out = new float[rows][cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    out[r][c] = buf.getFloat();
                }
            }
            return out;
        }
    }
}
