package io.spate.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The bytes a {@link PartitionLog#read} selected: whole batches, as stored, from one segment file,
 * {@code sizeInBytes} bytes at {@code position} of {@code channel}. The broker either hands the file
 * region to the socket ({@code sendFile}, zero copy) or copies it with {@link #copyTo} /
 * {@link #toByteBuffer}.
 *
 * <p>The region stays readable after the read returns, from any thread: appends only add bytes after
 * it, and a segment deleted by retention or truncation keeps its file open for
 * {@code file.delete.delay.ms}. Use the result well within that delay. The one exception is
 * {@link PartitionLog#truncateTo} cutting into the segment the bytes are in: bytes past the cut are
 * gone at once ({@link #copyTo} then fails), which is why the broker serves consumers only below the
 * high watermark, where followers never truncate. An empty result has no channel.
 *
 * @param partition  {@code <topic>-<partition>}, for error messages
 * @param file       the segment file (for error messages; it may have been renamed since)
 * @param channel    the segment file's channel; null when empty
 * @param position   byte position of the first batch in the file
 * @param sizeInBytes bytes selected, 0 when empty
 * @param firstOffset base offset of the first batch selected (-1 when empty); may be below the offset
 *                   asked for, when that offset lies inside the batch
 */
public record LogReadResult(String partition, Path file, FileChannel channel, long position, int sizeInBytes,
                            long firstOffset, long nextOffset) {

    /** A result whose end offset is not known. */
    public LogReadResult(String partition, Path file, FileChannel channel, long position, int sizeInBytes,
                         long firstOffset) {
        this(partition, file, channel, position, sizeInBytes, firstOffset, -1);
    }

    /** A result with no bytes. */
    public static LogReadResult empty(String partition) {
        return new LogReadResult(partition, null, null, 0, 0, -1, -1);
    }

    public boolean isEmpty() {
        return sizeInBytes == 0;
    }

    /**
     * Copies the selected bytes into {@code dst} at its position (advancing it).
     *
     * @throws IllegalArgumentException if {@code dst} has less room than {@link #sizeInBytes()}
     * @throws LogStorageException if the file cannot be read or ended early
     */
    public void copyTo(ByteBuffer dst) {
        if (dst.remaining() < sizeInBytes) {
            throw new IllegalArgumentException("buffer has " + dst.remaining() + " bytes left, read result is " + sizeInBytes);
        }
        if (sizeInBytes == 0) {
            return;
        }
        ByteBuffer target = dst.duplicate();
        target.limit(target.position() + sizeInBytes);
        long pos = position;
        try {
            while (target.hasRemaining()) {
                int n = channel.read(target, pos);
                if (n < 0) {
                    throw new IOException("file ended " + target.remaining() + " bytes before the read result");
                }
                pos += n;
            }
        } catch (IOException e) {
            throw new LogStorageException(partition, file, "read of " + sizeInBytes + " bytes at " + position, e);
        }
        dst.position(dst.position() + sizeInBytes);
    }

    /** A new heap buffer holding the selected bytes, position 0, limit {@link #sizeInBytes()}. */
    public ByteBuffer toByteBuffer() {
        ByteBuffer buf = ByteBuffer.allocate(sizeInBytes);
        copyTo(buf);
        return buf.flip();
    }
}
