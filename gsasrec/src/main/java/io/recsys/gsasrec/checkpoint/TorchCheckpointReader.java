package io.recsys.gsasrec.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads a state dict written by {@code torch.save(model.state_dict(), path)} without Python:
 * the zip holds {@code PREFIX/data.pkl} (the pickle, see {@link TorchPickleReader}) and
 * {@code PREFIX/data/KEY} (raw little-endian storages).
 */
public final class TorchCheckpointReader {

    private TorchCheckpointReader() {}

    public static StateDict read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("checkpoint not found: " + file.toAbsolutePath());
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry pickle = findPickle(zip, file);
            String prefix = pickle.getName().substring(0, pickle.getName().length() - "data.pkl".length());
            Object root;
            try (InputStream in = zip.getInputStream(pickle)) {
                root = TorchPickleReader.read(in.readAllBytes());
            }
            if (!(root instanceof Map<?, ?> entries)) {
                throw new CheckpointFormatException(file + " does not hold a state dict (top level is "
                        + (root == null ? "None" : root.getClass().getSimpleName()) + ")");
            }
            Map<String, FloatTensor> tensors = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : entries.entrySet()) {
                if (!(e.getValue() instanceof TorchPickleReader.TensorRef ref)) {
                    throw new CheckpointFormatException("state dict entry '" + e.getKey() + "' in " + file
                            + " is not a tensor");
                }
                tensors.put(String.valueOf(e.getKey()), materialise(zip, prefix, ref, e.getKey(), file));
            }
            return new StateDict(tensors);
        } catch (java.util.zip.ZipException e) {
            throw new CheckpointFormatException(file + " is not a zip-format torch checkpoint "
                    + "(legacy pre-1.6 torch.save files are not supported)", e);
        }
    }

    private static ZipEntry findPickle(ZipFile zip, Path file) {
        List<ZipEntry> found = new ArrayList<>();
        zip.stream().filter(e -> e.getName().endsWith("/data.pkl") || e.getName().equals("data.pkl"))
                .forEach(found::add);
        if (found.size() != 1) {
            throw new CheckpointFormatException(file + " should contain exactly one data.pkl, found " + found.size());
        }
        return found.get(0);
    }

    private static FloatTensor materialise(ZipFile zip, String prefix, TorchPickleReader.TensorRef ref,
                                           Object name, Path file) throws IOException {
        StorageType type = StorageType.of(ref.storage().storageType(), name);
        ZipEntry entry = zip.getEntry(prefix + "data/" + ref.storage().key());
        if (entry == null) {
            throw new CheckpointFormatException(file + " lacks storage " + prefix + "data/"
                    + ref.storage().key() + " for '" + name + "'");
        }
        byte[] raw;
        try (InputStream in = zip.getInputStream(entry)) {
            raw = in.readAllBytes();
        }
        long storageLen = raw.length / type.bytes;
        ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        long[] size = ref.size();
        long[] stride = ref.stride();
        long count = Arrays.stream(size).reduce(1, (a, b) -> a * b);
        if (count > Integer.MAX_VALUE) {
            throw new CheckpointFormatException("tensor '" + name + "' is too large: " + Arrays.toString(size));
        }
        float[] out = new float[(int) count];
        long[] index = new long[size.length];
        for (int i = 0; i < out.length; i++) {
            long at = ref.offset();
            for (int d = 0; d < size.length; d++) {
                at += index[d] * stride[d];
            }
            if (at < 0 || at >= storageLen) {
                throw new CheckpointFormatException("tensor '" + name + "' reads past its storage in " + file);
            }
            out[i] = type.read(buf, (int) at);
            for (int d = size.length - 1; d >= 0 && ++index[d] == size[d]; d--) {
                index[d] = 0; // odometer over the logical shape, so any stride layout works
            }
        }
        return new FloatTensor(size.clone(), out);
    }

    private enum StorageType {
        FLOAT(4), DOUBLE(8), HALF(2), BFLOAT16(2);

        final int bytes;

        StorageType(int bytes) {
            this.bytes = bytes;
        }

        static StorageType of(String name, Object tensor) {
            return switch (name) {
                case "FloatStorage" -> FLOAT;
                case "DoubleStorage" -> DOUBLE;
                case "HalfStorage" -> HALF;
                case "BFloat16Storage" -> BFLOAT16;
                default -> throw new CheckpointFormatException("tensor '" + tensor + "' has storage type "
                        + name + "; only floating-point state dicts are supported");
            };
        }

        float read(ByteBuffer buf, int index) {
            return switch (this) {
                case FLOAT -> buf.getFloat(index * 4);
                case DOUBLE -> (float) buf.getDouble(index * 8);
                case HALF -> halfToFloat(buf.getShort(index * 2));
                case BFLOAT16 -> Float.intBitsToFloat((buf.getShort(index * 2) & 0xffff) << 16);
            };
        }

        private static float halfToFloat(short h) {
            int bits = h & 0xffff;
            int sign = (bits & 0x8000) << 16;
            int exp = (bits >>> 10) & 0x1f;
            int mant = bits & 0x3ff;
            if (exp == 0x1f) {
                return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
            }
            if (exp == 0) {
                float v = mant * 0x1p-24f; // subnormal half
                return sign == 0 ? v : -v;
            }
            return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
        }
    }
}
