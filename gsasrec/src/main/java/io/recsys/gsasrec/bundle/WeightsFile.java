package io.recsys.gsasrec.bundle;

import io.recsys.gsasrec.checkpoint.FloatTensor;
import io.recsys.gsasrec.checkpoint.StateDict;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bundle's weights: named float tensors in a flat little-endian file, so they load without
 * Python or a pickle. Layout: {@code RSVW}, int32 version, int32 count, then per tensor
 * int32 name length, UTF-8 name, int32 rank, int64 dims, float32 values (row-major).
 */
public final class WeightsFile {

    private static final byte[] MAGIC = {'R', 'S', 'V', 'W'};
    private static final int VERSION = 1;

    private WeightsFile() {}

    public static byte[] encode(StateDict weights) {
        long size = 12;
        for (Map.Entry<String, FloatTensor> e : weights.asMap().entrySet()) {
            size += 8 + e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + 8L * e.getValue().rank() + 4L * e.getValue().data().length;
        }
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putInt(VERSION).putInt(weights.size());
        for (Map.Entry<String, FloatTensor> e : weights.asMap().entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            buf.putInt(name.length).put(name).putInt(e.getValue().rank());
            for (long d : e.getValue().shape()) {
                buf.putLong(d);
            }
            buf.asFloatBuffer().put(e.getValue().data());
            buf.position(buf.position() + 4 * e.getValue().data().length);
        }
        return buf.array();
    }

    public static void write(Path file, StateDict weights) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(encode(weights));
        }
    }

    public static StateDict read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("weights file not found: " + file.toAbsolutePath());
        }
        return decode(Files.readAllBytes(file), file.toString());
    }

    public static StateDict decode(byte[] bytes, String source) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        try {
            byte[] magic = new byte[4];
            buf.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IOException(source + " is not a weights file (no RSVW header)");
            }
            int version = buf.getInt();
            if (version != VERSION) {
                throw new IOException(source + " has weights format version " + version + ", this reader knows " + VERSION);
            }
            int count = buf.getInt();
            Map<String, FloatTensor> tensors = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                byte[] name = new byte[buf.getInt()];
                buf.get(name);
                long[] shape = new long[buf.getInt()];
                long n = 1;
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = buf.getLong();
                    n *= shape[d];
                }
                float[] data = new float[Math.toIntExact(n)];
                buf.asFloatBuffer().get(data);
                buf.position(buf.position() + 4 * data.length);
                tensors.put(new String(name, StandardCharsets.UTF_8), new FloatTensor(shape, data));
            }
            if (buf.hasRemaining()) {
                throw new IOException(source + " has " + buf.remaining() + " unexpected trailing bytes");
            }
            return new StateDict(tensors);
        } catch (BufferUnderflowException | IllegalArgumentException | NegativeArraySizeException | ArithmeticException e) {
            throw new IOException(source + " is truncated or corrupt", e);
        }
    }
}
