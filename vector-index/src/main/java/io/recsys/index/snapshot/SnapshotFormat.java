package io.recsys.index.snapshot;

import java.nio.charset.StandardCharsets;

/**
 * Layout of a snapshot file, all little-endian:
 * <pre>
 *   "RSVI"  u32 formatVersion  u32 headerLength  header JSON (UTF-8)
 *   count x i64 ids (by position)
 *   payload (see SnapshotHeader.payload)
 *   "RSVS"  32-byte SHA-256 of every byte before this trailer
 * </pre>
 * The trailer comes last so a truncated file can never look complete.
 */
final class SnapshotFormat {

    static final byte[] MAGIC = "RSVI".getBytes(StandardCharsets.US_ASCII);
    static final byte[] TRAILER_MAGIC = "RSVS".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT_VERSION = 1;
    static final int PREAMBLE_BYTES = 12;
    static final int TRAILER_BYTES = 4 + 32;
    static final int MAX_HEADER_BYTES = 1 << 20;

    private SnapshotFormat() {
    }
}
