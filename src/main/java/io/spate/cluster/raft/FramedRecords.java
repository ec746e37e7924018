package io.spate.cluster.raft;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * The record framing shared by the store's append-only files:
 *
 * <pre>
 * int32  bodyLength   bytes of the body, at least the file's minimum (its fixed fields)
 * int32  crc32c       CRC32C of the body
 * byte[] body         starts with an int64 key (the log index, or the snapshot index), then the rest
 * </pre>
 *
 * All integers big-endian. The key leads the body so that a scan can tell a plausible record from noise
 * before it pays for the CRC.
 */
final class FramedRecords {
    static final int HEADER_BYTES = 8;
    /** Larger than any entry the metadata quorum writes (a whole image is a few MiB); a bigger length is noise. */
    static final int MAX_BODY_BYTES = 256 << 20;

    private FramedRecords() {
    }

    /** Appends the frame of {@code body} (from its position to its limit) to {@code out}. */
    static void frame(ByteBuffer body, ByteBuffer out) {
        out.putInt(body.remaining());
        out.putInt(crc(body));
        out.put(body.duplicate());
    }

    static int crc(ByteBuffer body) {
        CRC32C crc = new CRC32C();
        crc.update(body.duplicate());
        return (int) crc.getValue();
    }

    /**
     * The body of the record at {@code position} if it is intact: its header and body lie inside
     * {@code [position, end)}, its length is between {@code minBody} and {@link #MAX_BODY_BYTES}, its key is
     * at least {@code minKey}, and its CRC matches. Otherwise null.
     */
    static ByteBuffer readIntact(FileChannel ch, long position, long end, int minBody, long minKey)
            throws IOException {
        if (end - position < HEADER_BYTES + (long) minBody) {
            return null;
        }
        ByteBuffer head = readFully(ch, position, HEADER_BYTES + Long.BYTES);
        int length = head.getInt(0);
        if (length < minBody || length > MAX_BODY_BYTES || position + HEADER_BYTES + length > end
                || head.getLong(HEADER_BYTES) < minKey) {
            return null;
        }
        ByteBuffer body = readFully(ch, position + HEADER_BYTES, length);
        return crc(body) == head.getInt(Integer.BYTES) ? body : null;
    }

    /**
     * The position of the first intact record (see {@link #readIntact}) that starts after {@code position}
     * and before {@code end}, or -1. A torn tail has none: what follows a crash's half-written record is
     * zeros or nothing, never a whole record with a matching CRC.
     */
    static long firstIntactAfter(FileChannel ch, long position, long end, int minBody, long minKey)
            throws IOException {
        if (end - position > Integer.MAX_VALUE) {
            throw new IOException("cannot scan " + (end - position) + " bytes after position " + position);
        }
        // one mapping instead of a read per candidate offset: the region is a crash's tail, or damage
        ByteBuffer region = ch.map(FileChannel.MapMode.READ_ONLY, position, end - position);
        for (int at = 1; at + HEADER_BYTES + minBody <= region.limit(); at++) {
            int length = region.getInt(at);
            if (length < minBody || length > region.limit() - at - HEADER_BYTES
                    || region.getLong(at + HEADER_BYTES) < minKey) {
                continue;
            }
            ByteBuffer body = region.slice(at + HEADER_BYTES, length);
            if (crc(body) == region.getInt(at + Integer.BYTES)) {
                return position + at;
            }
        }
        return -1;
    }

    static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) {
                throw new EOFException("end of file at " + (position + buf.position()));
            }
        }
        return buf.flip();
    }

    static void writeFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long at = position;
        while (buf.hasRemaining()) {
            at += ch.write(buf, at);
        }
    }
}
