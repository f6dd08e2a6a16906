package io.recsys.index.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.index.SnapshotInfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Writes a snapshot so that readers only ever see a complete file: everything goes to a
 * temporary file in the target directory, which is fsynced and then renamed over the target
 * (an atomic replace on POSIX file systems), and the directory is fsynced after the rename.
 */
public final class SnapshotWriter {

    /** Appends the payload to the half-written temporary file (after header and ids). */
    @FunctionalInterface
    public interface PayloadAppender {
        void appendTo(Path temporaryFile) throws IOException;
    }

    static final ObjectMapper JSON = new ObjectMapper();

    private SnapshotWriter() {
    }

    public static SnapshotInfo write(Path target, SnapshotHeader header, long[] ids, PayloadAppender payload)
            throws IOException {
        if (ids.length != header.count()) {
            throw new IllegalArgumentException("header count " + header.count() + " but " + ids.length + " ids");
        }
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                writePreambleAndIds(ch, header, ids);
            }
            payload.appendTo(temp);
            String sha256;
            long size;
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                byte[] digest = digest(ch, ch.size());
                ch.position(ch.size());
                ByteBuffer trailer = ByteBuffer.allocate(SnapshotFormat.TRAILER_BYTES);
                trailer.put(SnapshotFormat.TRAILER_MAGIC).put(digest).flip();
                writeFully(ch, trailer);
                ch.force(true);
                size = ch.size();
                sha256 = HexFormat.of().formatHex(digest);
            }
            moveIntoPlace(temp, absolute);
            fsyncDirectory(dir);
            return new SnapshotInfo(absolute, header.kind(), header.modelVersion(), header.dimension(), header.count(),
                    header.parameters(), sha256, size, header.createdAt());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Helper for payloads produced in Java: opens the temporary file for appending. */
    public static FileChannel openForAppend(Path temporaryFile) throws IOException {
        return FileChannel.open(temporaryFile, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private static void writePreambleAndIds(FileChannel ch, SnapshotHeader header, long[] ids) throws IOException {
        byte[] json = JSON.writeValueAsBytes(header);
        ByteBuffer preamble = ByteBuffer.allocate(SnapshotFormat.PREAMBLE_BYTES + json.length).order(ByteOrder.LITTLE_ENDIAN);
        preamble.put(SnapshotFormat.MAGIC).putInt(SnapshotFormat.FORMAT_VERSION).putInt(json.length).put(json).flip();
        writeFully(ch, preamble);
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (long id : ids) {
            if (!buf.hasRemaining()) {
                buf.flip();
                writeFully(ch, buf);
                buf.clear();
            }
            buf.putLong(id);
        }
        buf.flip();
        writeFully(ch, buf);
    }

    static byte[] digest(FileChannel ch, long length) throws IOException {
        MessageDigest sha = sha256();
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        long position = 0;
        while (position < length) {
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), length - position));
            int read = ch.read(buf, position);
            if (read < 0) {
                throw new IOException("unexpected end of file while hashing");
            }
            position += read;
            buf.flip();
            sha.update(buf);
        }
        return sha.digest();
    }

    static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot replace " + target + " atomically (file system without atomic rename?)", e);
        }
    }

    private static void fsyncDirectory(Path dir) {
        // makes the rename itself durable; not supported everywhere, and then only best effort
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // e.g. Windows cannot open a directory as a channel
        }
    }
}
