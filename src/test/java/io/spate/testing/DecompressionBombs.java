package io.spate.testing;

import io.spate.record.CompressionType;
import io.spate.record.RecordBatch;
import io.spate.record.Varint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * Record batches that are small on the wire and huge inflated: one record whose value is
 * {@code inflatedBytes} zero bytes, compressed with a codec the project supports. The batch is
 * otherwise valid (CRC, count, lastOffsetDelta), so only a bound on decompression stops it.
 * Built by streaming zeros through the codec, so building one never holds the inflated bytes.
 */
public final class DecompressionBombs {
    private DecompressionBombs() {
    }

    /** A whole batch (base offset 0, one record) inflating to a little more than {@code inflatedBytes}. */
    public static ByteBuffer batch(CompressionType codec, int inflatedBytes) {
        if (codec == CompressionType.NONE) {
            throw new IllegalArgumentException("a bomb needs a codec");
        }
        byte[] section = compressedRecord(codec, inflatedBytes);
        int size = RecordBatch.HEADER_SIZE + section.length;
        long now = System.currentTimeMillis();
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putLong(0L).putInt(size - RecordBatch.LOG_OVERHEAD).putInt(RecordBatch.NO_PARTITION_LEADER_EPOCH)
                .put(RecordBatch.MAGIC).putInt(0).putShort((short) codec.id()).putInt(0)
                .putLong(now).putLong(now).putLong(RecordBatch.NO_PRODUCER_ID)
                .putShort((short) -1).putInt(-1).putInt(1).put(section).flip();
        return buf.putInt(RecordBatch.CRC_OFFSET, (int) new RecordBatch(buf, 0).computeChecksum());
    }

    private static byte[] compressedRecord(CompressionType codec, int valueBytes) {
        ByteBuffer head = ByteBuffer.allocate(32);
        head.put((byte) 0);               // attributes
        Varint.writeVarlong(0, head);     // timestamp delta
        Varint.writeVarint(0, head);      // offset delta
        Varint.writeVarint(-1, head);     // null key
        Varint.writeVarint(valueBytes, head);
        head.flip();
        int bodyBytes = head.remaining() + valueBytes + 1; // + the header count
        ByteBuffer length = ByteBuffer.allocate(Varint.MAX_VARINT_BYTES);
        Varint.writeVarint(bodyBytes, length);
        length.flip();
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(1 << 20);
        try (OutputStream out = codec.wrapForOutput(compressed)) {
            out.write(length.array(), 0, length.limit());
            out.write(head.array(), 0, head.limit());
            byte[] zeros = new byte[1 << 20];
            for (long left = valueBytes; left > 0; left -= zeros.length) {
                out.write(zeros, 0, (int) Math.min(zeros.length, left));
            }
            out.write(0); // no headers
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }
}
