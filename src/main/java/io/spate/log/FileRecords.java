package io.spate.log;

import io.spate.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A segment's {@code .log} file: record batches back to back, exactly as appended (Kafka's
 * {@code FileRecords}). Bytes are only ever appended at the end or cut off the end.
 *
 * <p>Threading: appends, truncation, reads and renames run on the owning partition's thread;
 * {@link #flush()} may run on a flushing worker at the same time (FileChannel allows it), and the
 * channel handed out by {@link #channel()} may be read positionally from any thread.
 */
final class FileRecords implements AutoCloseable {
    /** Bytes read at a time when checksumming a batch during recovery. */
    private static final int CRC_CHUNK = 64 * 1024;

    private volatile Path file;
    private final FileChannel channel;
    private volatile int size;

    private FileRecords(Path file, FileChannel channel, int size) {
        this.file = file;
        this.channel = channel;
        this.size = size;
    }

    /** Opens an existing file, or creates an empty one if {@code create} (failing if it exists). */
    static FileRecords open(Path file, boolean create) throws IOException {
        OpenOption mode = create ? StandardOpenOption.CREATE_NEW : StandardOpenOption.READ;
        FileChannel ch = FileChannel.open(file, mode, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long len = ch.size();
        if (len > Integer.MAX_VALUE) {
            ch.close();
            throw new IOException("segment file " + file + " is " + len + " bytes, more than an int32 position allows");
        }
        return new FileRecords(file, ch, (int) len);
    }

    Path file() {
        return file;
    }

    FileChannel channel() {
        return channel;
    }

    int sizeInBytes() {
        return size;
    }

    /**
     * Writes {@code buf}'s remaining bytes at the end of the file; the buffer's position is unchanged.
     * All or nothing: if a write fails (say, the file system is full after part of the bytes went in),
     * the file is cut back to its size before the call and the failure is thrown; if that cut fails
     * too, its failure is thrown instead (the original one suppressed in it), and the file may hold a
     * partial batch past {@link #sizeInBytes()}, which recovery would cut.
     */
    void append(ByteBuffer buf) throws IOException {
        ByteBuffer src = buf.duplicate();
        long pos = size;
        int length = src.remaining();
        if (pos + length > Integer.MAX_VALUE) {
            throw new IOException("appending " + length + " bytes would take " + file + " past 2 GiB");
        }
        try {
            while (src.hasRemaining()) {
                pos += channel.write(src, pos);
            }
        } catch (IOException e) {
            try {
                channel.truncate(size);
            } catch (IOException cut) {
                cut.addSuppressed(e);
                throw cut;
            }
            throw e;
        }
        size += length;
    }

    /** Reads into {@code dst} from {@code position} until {@code dst} is full or the file ends. */
    void readInto(ByteBuffer dst, long position) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, pos);
            if (n < 0) {
                return;
            }
            pos += n;
        }
    }

    /**
     * The header of the batch at {@code position} if it plausibly starts a complete batch (see
     * {@link BatchHeader#isPlausible}); null at the end of the file or before a torn or garbled batch.
     */
    BatchHeader headerAt(int position) throws IOException {
        if ((long) position + RecordBatch.HEADER_SIZE > size) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.allocate(RecordBatch.HEADER_SIZE);
        readInto(buf, position);
        if (buf.hasRemaining()) {
            return null;
        }
        BatchHeader h = BatchHeader.read(buf, 0, position);
        return h.isPlausible(size) ? h : null;
    }

    /**
     * The header of the batch at {@code position} if the batch is complete and intact: plausible header,
     * base offset not below {@code minBaseOffset} (offsets only grow in a log) and a CRC32C that matches.
     * Null otherwise. Reads the batch in chunks, so a garbage length cannot force a huge allocation.
     */
    BatchHeader validBatchAt(int position, long minBaseOffset) throws IOException {
        BatchHeader h = headerAt(position);
        if (h == null || h.baseOffset() < minBaseOffset) {
            return null;
        }
        return crcMatches(position, h.endPosition()) ? h : null;
    }

    /** Does the CRC32C stored in the batch at {@code position}, ending at {@code end}, match its bytes? */
    private boolean crcMatches(long position, long end) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CRC_CHUNK, end - position));
        long pos = position + RecordBatch.ATTRIBUTES_OFFSET;
        while (pos < end) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), end - pos));
            readInto(chunk, pos);
            if (chunk.hasRemaining()) {
                return false;
            }
            chunk.flip();
            crc.update(chunk);
            pos += chunk.limit();
        }
        ByteBuffer stored = ByteBuffer.allocate(4);
        readInto(stored, position + RecordBatch.CRC_OFFSET);
        return Integer.toUnsignedLong(stored.getInt(0)) == crc.getValue();
    }

    /**
     * Is the damage found at {@code position} a torn tail, what a crash in the middle of an append leaves:
     * bad bytes that run to the end of the file with no intact batch after them? Walking from
     * {@code position}, it is if the rest of the file is zeros (blocks allocated but never written),
     * holds less than a batch header, or holds a batch whose length reaches or passes the end of the
     * file; between those, a batch whose length fits but which is broken is stepped over. It is not if
     * the first batch there is complete and passes its CRC (its header's offsets were damaged: no torn
     * write does that), if an intact batch follows, or if a header is garbage (no magic 2 or a length
     * below a header's) with non-zero bytes after it: nothing a crash leaves behind looks like that.
     * A batch whose length runs past the end of the file is a torn tail only if no intact batch with
     * a base offset at or above {@code expectedBaseOffset} starts anywhere after it (its length field,
     * outside the CRC, may be what was damaged).
     */
    boolean isTornTail(int position, long expectedBaseOffset) throws IOException {
        long pos = position;
        while (true) {
            if (zerosFrom(pos) || pos + RecordBatch.HEADER_SIZE > size) {
                return true;
            }
            ByteBuffer header = ByteBuffer.allocate(RecordBatch.HEADER_SIZE);
            readInto(header, pos);
            RecordBatch b = new RecordBatch(header, 0);
            long length = (long) b.batchLength() + RecordBatch.LOG_OVERHEAD;
            if (b.magic() != RecordBatch.MAGIC || length < RecordBatch.HEADER_SIZE) {
                return false;
            }
            if (pos + length <= size && crcMatches(pos, pos + length)) {
                return false; // complete and intact bytes: damage in the unprotected header, or an intact batch
            }
            if (pos + length >= size) {
                return !intactBatchAfter(pos + 1, expectedBaseOffset);
            }
            pos += length;
        }
    }

    /**
     * Does a complete batch with a matching CRC and a base offset in [minBaseOffset, minBaseOffset +
     * 2^31) start at some position from {@code from} on? One pass over the bytes; the CRC is computed
     * only where magic and base offset fit, which random bytes almost never do.
     */
    private boolean intactBatchAfter(long from, long minBaseOffset) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(CRC_CHUNK + RecordBatch.HEADER_SIZE);
        for (long start = from; start + RecordBatch.HEADER_SIZE <= size; start += CRC_CHUNK) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), size - start));
            readInto(chunk, start);
            for (int i = 0; i + RecordBatch.HEADER_SIZE <= chunk.limit() && i < CRC_CHUNK; i++) {
                if (chunk.get(i + RecordBatch.MAGIC_OFFSET) != RecordBatch.MAGIC) {
                    continue;
                }
                long base = chunk.getLong(i);
                long length = (long) chunk.getInt(i + RecordBatch.LENGTH_OFFSET) + RecordBatch.LOG_OVERHEAD;
                long at = start + i;
                if (base >= minBaseOffset && base - minBaseOffset <= Integer.MAX_VALUE
                        && length >= RecordBatch.HEADER_SIZE && at + length <= size && crcMatches(at, at + length)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Are all bytes from {@code position} to the end of the file zero (true at or past the end)? */
    private boolean zerosFrom(long position) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(CRC_CHUNK);
        for (long pos = position; pos < size; pos += chunk.limit()) {
            chunk.clear().limit((int) Math.min(CRC_CHUNK, size - pos));
            readInto(chunk, pos);
            chunk.flip();
            while (chunk.hasRemaining()) {
                if (chunk.get() != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Cuts the file to {@code newSize} bytes (no-op if it is not longer). */
    void truncateTo(int newSize) throws IOException {
        if (newSize < size) {
            channel.truncate(newSize);
            size = newSize;
        }
    }

    /** fdatasyncs the file (data and size). Any thread. */
    void flush() throws IOException {
        // fdatasync: the data and the file size, which is all a reader needs after a crash
        channel.force(false);
    }

    long lastModified() throws IOException {
        return Files.getLastModifiedTime(file).toMillis();
    }

    void renameTo(Path target) throws IOException {
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        file = target;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    void deleteIfExists() throws IOException {
        Files.deleteIfExists(file);
    }
}
