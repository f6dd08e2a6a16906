package io.recsys.index.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A float32 matrix on disk, the "item embeddings file" shared by the trainer (gsasrec writes
 * it) and the sync worker (reads it without DJL):
 * <pre>
 *   "RSVF"  i32 rows  i32 cols  rows*cols float32      (all little-endian, row-major)
 * </pre>
 * Header-less files (just the floats) are read when the caller knows the column count.
 */
public final class FloatMatrixFile {

    static final byte[] MAGIC = "RSVF".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_BYTES = 12;
    private static final int CHUNK_FLOATS = 1 << 16;

    /** A row-major matrix: row r is data[r*cols .. (r+1)*cols). */
    public record Matrix(int rows, int cols, float[] data) {
        public Matrix {
            if (rows < 0 || cols <= 0 || (long) rows * cols != data.length) {
                throw new IllegalArgumentException("matrix " + rows + " x " + cols + " does not match "
                        + data.length + " values");
            }
        }

        public float[] row(int r) {
            return Arrays.copyOfRange(data, r * cols, (r + 1) * cols);
        }
    }

    private FloatMatrixFile() {
    }

    /** Writes with a header, atomically (temporary file in the same directory, fsync, rename). */
    public static void write(Path file, Matrix matrix) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                header.put(MAGIC).putInt(matrix.rows()).putInt(matrix.cols()).flip();
                writeFully(ch, header);
                writeFloats(ch, matrix.data());
                ch.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public static void write(Path file, int rows, int cols, float[] data) throws IOException {
        write(file, new Matrix(rows, cols, data));
    }

    /** Reads a file with the "RSVF" header. */
    public static Matrix read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER_BYTES || !hasMagic(ch)) {
                throw new IOException(file + " is not a float matrix file (no 'RSVF' header)");
            }
            ByteBuffer header = readAt(ch, 0, HEADER_BYTES);
            header.position(4);
            int rows = header.getInt();
            int cols = header.getInt();
            long expected = HEADER_BYTES + 4L * rows * cols;
            if (rows < 0 || cols <= 0 || (long) rows * cols > Integer.MAX_VALUE - 8) {
                throw new IOException(file + " has an impossible shape " + rows + " x " + cols);
            }
            if (size != expected) {
                throw new IOException(file + " is " + size + " bytes, a " + rows + " x " + cols
                        + " matrix needs " + expected + (size < expected ? " (truncated)" : ""));
            }
            return new Matrix(rows, cols, readFloats(ch, HEADER_BYTES, rows * cols));
        }
    }

    /** Reads a header-less file of cols-wide rows. */
    public static Matrix readHeaderless(Path file, int cols) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (cols <= 0 || size % (4L * cols) != 0) {
                throw new IOException(file + " is " + size + " bytes, not a whole number of " + cols + "-float rows");
            }
            int rows = Math.toIntExact(size / (4L * cols));
            return new Matrix(rows, cols, readFloats(ch, 0, rows * cols));
        }
    }

    /** Either format: the header when present, else cols-wide rows. */
    public static Matrix read(Path file, int colsIfHeaderless) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() >= HEADER_BYTES && hasMagic(ch)) {
                return read(file);
            }
        }
        return readHeaderless(file, colsIfHeaderless);
    }

    private static boolean hasMagic(FileChannel ch) throws IOException {
        byte[] magic = new byte[4];
        readAt(ch, 0, 4).get(magic);
        return Arrays.equals(magic, MAGIC);
    }

    private static void writeFloats(FileChannel ch, float[] data) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK_FLOATS * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < data.length; i += CHUNK_FLOATS) {
            int n = Math.min(CHUNK_FLOATS, data.length - i);
            buf.clear();
            buf.asFloatBuffer().put(data, i, n);
            buf.limit(n * 4);
            writeFully(ch, buf);
        }
    }

    private static float[] readFloats(FileChannel ch, long offset, int count) throws IOException {
        float[] out = new float[count];
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK_FLOATS * 4).order(ByteOrder.LITTLE_ENDIAN);
        long position = offset;
        for (int i = 0; i < count; i += CHUNK_FLOATS) {
            int n = Math.min(CHUNK_FLOATS, count - i);
            buf.clear().limit(n * 4);
            while (buf.hasRemaining()) {
                if (ch.read(buf, position + buf.position()) < 0) {
                    throw new IOException("unexpected end of file");
                }
            }
            position += n * 4L;
            buf.flip();
            buf.asFloatBuffer().get(out, i, n);
        }
        return out;
    }

    private static ByteBuffer readAt(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
        return buf.flip();
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
