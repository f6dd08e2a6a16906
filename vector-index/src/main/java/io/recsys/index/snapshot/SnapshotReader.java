package io.recsys.index.snapshot;

import io.recsys.index.IndexKind;
import io.recsys.index.SnapshotInfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/** Opens and validates snapshot files; every refusal names the file and the fault. */
public final class SnapshotReader {

    private SnapshotReader() {
    }

    /**
     * The validated header, ids and where the payload lies.
     *
     * @param info          summary for callers
     * @param header        the parsed header
     * @param ids           ids by position
     * @param payloadOffset byte offset of the payload in the file
     * @param payloadLength payload bytes
     */
    public record Contents(SnapshotInfo info, SnapshotHeader header, long[] ids, long payloadOffset, long payloadLength) {
    }

    /** Reads and checks everything except the payload's own structure (checksum included). */
    public static Contents open(Path file) throws IOException {
        Path path = file.toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString(), null, "no snapshot file");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < SnapshotFormat.PREAMBLE_BYTES + SnapshotFormat.TRAILER_BYTES) {
                throw new CorruptSnapshotException(path, "truncated: only " + size + " bytes");
            }
            ByteBuffer preamble = readAt(ch, 0, SnapshotFormat.PREAMBLE_BYTES);
            byte[] magic = new byte[4];
            preamble.get(magic);
            if (!Arrays.equals(magic, SnapshotFormat.MAGIC)) {
                throw new CorruptSnapshotException(path, "not a vector-index snapshot (magic "
                        + HexFormat.of().formatHex(magic) + ", expected 'RSVI')");
            }
            int version = preamble.getInt();
            if (version != SnapshotFormat.FORMAT_VERSION) {
                throw new CorruptSnapshotException(path, "format version " + version + " is not supported (expected "
                        + SnapshotFormat.FORMAT_VERSION + ")");
            }
            byte[] digest = verifyTrailer(ch, path, size);

            int headerLength = preamble.getInt();
            long headerEnd = SnapshotFormat.PREAMBLE_BYTES + (long) headerLength;
            if (headerLength <= 0 || headerLength > SnapshotFormat.MAX_HEADER_BYTES
                    || headerEnd > size - SnapshotFormat.TRAILER_BYTES) {
                throw new CorruptSnapshotException(path, "header length " + headerLength + " does not fit the file");
            }
            SnapshotHeader header = parseHeader(path, readAt(ch, SnapshotFormat.PREAMBLE_BYTES, headerLength));
            long idsBytes = 8L * header.count();
            long payloadOffset = headerEnd + idsBytes;
            long payloadLength = size - SnapshotFormat.TRAILER_BYTES - payloadOffset;
            if (payloadLength < 0) {
                throw new CorruptSnapshotException(path, "header promises " + header.count()
                        + " ids but the file ends first");
            }
            checkPayloadLength(path, header, payloadLength);
            long[] ids = readIds(ch, headerEnd, header.count());
            SnapshotInfo info = new SnapshotInfo(path, header.kind(), header.modelVersion(), header.dimension(),
                    header.count(), header.parameters(), HexFormat.of().formatHex(digest), size, header.createdAt());
            return new Contents(info, header, ids, payloadOffset, payloadLength);
        }
    }

    /** Header and checksum only; what a publisher needs to announce a snapshot. */
    public static SnapshotInfo readInfo(Path file) throws IOException {
        return open(file).info();
    }

    private static byte[] verifyTrailer(FileChannel ch, Path path, long size) throws IOException {
        long bodyLength = size - SnapshotFormat.TRAILER_BYTES;
        ByteBuffer trailer = readAt(ch, bodyLength, SnapshotFormat.TRAILER_BYTES);
        byte[] magic = new byte[4];
        trailer.get(magic);
        if (!Arrays.equals(magic, SnapshotFormat.TRAILER_MAGIC)) {
            throw new CorruptSnapshotException(path, "truncated or unfinished: no checksum trailer at the end");
        }
        byte[] stored = new byte[32];
        trailer.get(stored);
        byte[] computed = SnapshotWriter.digest(ch, bodyLength);
        if (!MessageDigest.isEqual(stored, computed)) {
            throw new CorruptSnapshotException(path, "checksum mismatch: file says sha256 "
                    + HexFormat.of().formatHex(stored) + ", content hashes to " + HexFormat.of().formatHex(computed));
        }
        return stored;
    }

    private static SnapshotHeader parseHeader(Path path, ByteBuffer json) throws CorruptSnapshotException {
        SnapshotHeader header;
        try {
            byte[] bytes = new byte[json.remaining()];
            json.get(bytes);
            header = SnapshotWriter.JSON.readValue(bytes, SnapshotHeader.class);
        } catch (IOException | RuntimeException e) {
            throw new CorruptSnapshotException(path, "unreadable header: " + e.getMessage(), e);
        }
        if (header.kind() == null) {
            throw new CorruptSnapshotException(path, "header names no index kind");
        }
        if (header.dimension() <= 0 || header.count() < 0) {
            throw new CorruptSnapshotException(path, "header has dimension " + header.dimension()
                    + " and count " + header.count());
        }
        return header;
    }

    private static void checkPayloadLength(Path path, SnapshotHeader header, long payloadLength)
            throws CorruptSnapshotException {
        if (header.kind() == IndexKind.EXACT) {
            if (!SnapshotHeader.PAYLOAD_FLOAT_ROWS.equals(header.payload())) {
                throw new CorruptSnapshotException(path, "EXACT snapshot with payload '" + header.payload() + "'");
            }
            long expected = 4L * header.count() * header.dimension();
            if (payloadLength != expected) {
                throw new CorruptSnapshotException(path, "payload is " + payloadLength + " bytes, "
                        + header.count() + " x " + header.dimension() + " floats need " + expected);
            }
        } else {
            if (!SnapshotHeader.PAYLOAD_FAISS.equals(header.payload())) {
                throw new CorruptSnapshotException(path, header.kind() + " snapshot with payload '" + header.payload() + "'");
            }
            if (payloadLength <= 0) {
                throw new CorruptSnapshotException(path, "FAISS payload is empty");
            }
        }
    }

    private static long[] readIds(FileChannel ch, long offset, int count) throws IOException {
        long[] ids = new long[count];
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        long position = offset;
        int i = 0;
        while (i < count) {
            buf.clear();
            buf.limit(Math.min(buf.capacity(), (count - i) * 8));
            readFully(ch, buf, position);
            position += buf.limit();
            buf.flip();
            while (buf.hasRemaining()) {
                ids[i++] = buf.getLong();
            }
        }
        return ids;
    }

    static ByteBuffer readAt(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, buf, position);
        return buf.flip();
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long p = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, p);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            p += n;
        }
    }
}
