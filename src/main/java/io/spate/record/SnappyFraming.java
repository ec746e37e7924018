package io.spate.record;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A structural check of snappy-java's framed stream, the format Kafka's producers write with
 * {@code SnappyOutputStream}, done before any byte is handed to {@code SnappyInputStream}:
 *
 * <pre>
 * header  8 bytes magic 0x82 'S' 'N' 'A' 'P' 'P' 'Y' 0x00, int32 version, int32 compatible version
 * chunk   int32 (big-endian) compressed length N > 0, then N bytes of raw snappy, which start with the
 *         uncompressed length as an unsigned little-endian base-128 varint
 * (a header may appear again between chunks: concatenated streams)
 * </pre>
 *
 * <p>Why: {@code SnappyInputStream} allocates each chunk's output array from the length the chunk
 * claims, before decompressing, and falls back to reading headerless input as one raw block whose
 * claimed length is up to 4 GiB. A few hostile bytes could thus allocate gigabytes. Raw snappy
 * cannot expand more than 64/3 times (a 3-byte copy element yields at most 64 bytes), so a chunk
 * claiming more than {@link #MAX_EXPANSION} times its size is refused here, and with it every
 * allocation is bounded by a small multiple of the batch size.
 */
final class SnappyFraming {
    /** Upper bound on raw snappy's expansion ratio (the true bound is 64/3), with margin. */
    static final int MAX_EXPANSION = 32;
    static final int HEADER_SIZE = 16;
    private static final byte[] MAGIC = {(byte) 0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};

    private SnappyFraming() {
    }

    /** Checks the stream between the buffer's position and limit; never moves the buffer. */
    static void check(ByteBuffer buf) throws IOException {
        int pos = buf.position();
        int end = buf.limit();
        if (!headerAt(buf, pos, end)) {
            throw new IOException("not a snappy-java framed stream: missing the 16-byte header");
        }
        pos += HEADER_SIZE;
        while (pos < end) {
            if (headerAt(buf, pos, end)) {
                pos += HEADER_SIZE;
                continue;
            }
            if (end - pos < 4) {
                throw new IOException("snappy stream ends inside a chunk length");
            }
            int chunk = buf.getInt(pos);
            pos += 4;
            if (chunk <= 0 || chunk > end - pos) {
                throw new IOException("snappy chunk length " + chunk + " is invalid with " + (end - pos)
                        + " bytes left");
            }
            long claimed = uncompressedLength(buf, pos, pos + chunk);
            if (claimed > (long) chunk * MAX_EXPANSION) {
                throw new IOException("snappy chunk of " + chunk + " bytes claims " + claimed
                        + " uncompressed bytes, more than snappy can expand to");
            }
            pos += chunk;
        }
    }

    private static boolean headerAt(ByteBuffer buf, int pos, int end) {
        if (end - pos < HEADER_SIZE) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (buf.get(pos + i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** The raw block's uncompressed-length preamble: an unsigned 32-bit base-128 varint. */
    private static long uncompressedLength(ByteBuffer buf, int pos, int end) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 35 && pos < end; shift += 7) {
            int b = buf.get(pos++);
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("snappy chunk has a malformed uncompressed length");
    }
}
