package io.spate.log;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.zip.CRC32C;

/**
 * The producer state of a partition as of an offset, in {@code <offset>.snapshot} beside the segments
 * (the name is the offset in 20 digits, as Kafka's): the state after every batch below that offset and
 * none at or above it. Big-endian, byte by byte:
 *
 * <pre>
 * size field
 *    2 version            2 (1 is still read)
 *    4 crc                CRC32C (unsigned) of every byte after this field
 *    8 offset             the snapshot's offset (the same as in its name)
 *    4 producerCount
 * then producerCount times:
 *    8 producerId
 *    2 producerEpoch
 *    8 lastUpdateMs
 *    4 coordinatorEpoch        version 2 only: of the producer's last marker here, -1 before any
 *    8 currentTxnFirstOffset   version 2 only: first offset of its open transaction here, -1 if none
 *    8 lastTimestamp           version 2 only: of its newest batch or marker, -1 if none
 *    1 batchCount         0..5, then batchCount times, oldest first:
 *    4   firstSeq   4 lastSeq   8 firstOffset   8 lastOffset   8 maxTimestamp
 * </pre>
 * A version 1 file (written before transactions) reads as producers with no open transaction and
 * coordinator epoch -1.
 *
 * Written atomically ({@link AtomicFile}: tmp file, fsync, rename, directory fsync). A file that is
 * short, long, of another version, or whose CRC or offset does not match is {@link CorruptSnapshotException
 * refused}; the loader then ignores it with a warning and rebuilds from an older one or the log.
 * Stateless; the owner thread of the partition calls it.
 */
final class ProducerStateSnapshot {
    static final short VERSION = 2;
    /** The format before transactions, still read. */
    static final short VERSION_1 = 1;
    private static final int HEADER_BYTES = 2 + 4 + 8 + 4;
    private static final int ENTRY_BYTES = 8 + 2 + 8 + 4 + 8 + 8 + 1;
    private static final int BATCH_BYTES = 4 + 4 + 8 + 8 + 8;

    /** A snapshot file that cannot be trusted. */
    static final class CorruptSnapshotException extends IOException {
        CorruptSnapshotException(Path file, String reason) {
            super("producer state snapshot " + file + " is unusable: " + reason);
        }
    }

    private ProducerStateSnapshot() {
    }

    /** Writes the state {@code state} holds as the snapshot at {@code offset} (replacing one there). */
    static void write(Path dir, long offset, ProducerStateManager state) throws IOException {
        int size = HEADER_BYTES;
        for (ProducerStateEntry e : state.entries()) {
            size += ENTRY_BYTES + e.batches().size() * BATCH_BYTES;
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putShort(VERSION).putInt(0).putLong(offset).putInt(state.size());
        for (ProducerStateEntry e : state.entries()) {
            List<BatchMetadata> batches = e.batches();
            buf.putLong(e.producerId()).putShort(e.epoch()).putLong(e.lastUpdateMs()).putInt(e.coordinatorEpoch())
                    .putLong(e.currentTxnFirstOffset()).putLong(e.lastTimestamp()).put((byte) batches.size());
            for (BatchMetadata b : batches) {
                buf.putInt(b.firstSeq()).putInt(b.lastSeq()).putLong(b.firstOffset()).putLong(b.lastOffset())
                        .putLong(b.maxTimestamp());
            }
        }
        buf.putInt(2, (int) crc(buf.array()));
        AtomicFile.write(LogFileUtils.snapshotFile(dir, offset), buf.array());
    }

    /**
     * Reads the snapshot at {@code offset} into a fresh state for {@code partition}.
     *
     * @throws CorruptSnapshotException if the file is not a whole, intact version 1 or 2 snapshot of that offset
     * @throws IOException if it cannot be read
     */
    static ProducerStateManager read(Path dir, long offset, String partition) throws IOException {
        Path file = LogFileUtils.snapshotFile(dir, offset);
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < HEADER_BYTES) {
            throw new CorruptSnapshotException(file, "only " + bytes.length + " bytes");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        short version = buf.getShort();
        if (version != VERSION && version != VERSION_1) {
            throw new CorruptSnapshotException(file, "version " + version + ", this broker reads " + VERSION_1
                    + " and " + VERSION);
        }
        long stored = Integer.toUnsignedLong(buf.getInt());
        if (stored != crc(bytes)) {
            throw new CorruptSnapshotException(file, "the CRC32C does not match its bytes");
        }
        long at = buf.getLong();
        if (at != offset) {
            throw new CorruptSnapshotException(file, "it holds the state at offset " + at + ", not " + offset);
        }
        ProducerStateManager state = new ProducerStateManager(partition);
        try {
            int producers = buf.getInt();
            for (int i = 0; i < producers; i++) {
                long producerId = buf.getLong();
                short epoch = buf.getShort();
                long lastUpdateMs = buf.getLong();
                int coordinatorEpoch = version >= VERSION ? buf.getInt() : -1;
                long txnFirstOffset = version >= VERSION ? buf.getLong() : -1;
                long lastTimestamp = version >= VERSION ? buf.getLong() : -1;
                int count = buf.get();
                if (count < 0 || count > ProducerStateEntry.MAX_BATCHES) {
                    throw new CorruptSnapshotException(file, "producer " + producerId + " has " + count + " batches");
                }
                List<BatchMetadata> batches = new ArrayList<>(count);
                for (int j = 0; j < count; j++) {
                    batches.add(new BatchMetadata(buf.getInt(), buf.getInt(), buf.getLong(), buf.getLong(), buf.getLong()));
                }
                state.restore(ProducerStateEntry.restored(producerId, epoch, lastUpdateMs, batches, txnFirstOffset,
                        coordinatorEpoch, lastTimestamp));
            }
        } catch (BufferUnderflowException e) {
            throw new CorruptSnapshotException(file, "it ends inside an entry");
        }
        if (buf.hasRemaining()) {
            throw new CorruptSnapshotException(file, buf.remaining() + " bytes after the last entry");
        }
        return state;
    }

    /** The offsets of the snapshot files in {@code dir}, ascending. */
    static TreeSet<Long> list(Path dir) throws IOException {
        TreeSet<Long> offsets = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + LogFileUtils.SNAPSHOT_SUFFIX)) {
            for (Path f : files) {
                OptionalLong o = LogFileUtils.snapshotOffset(f.getFileName().toString());
                if (o.isPresent()) {
                    offsets.add(o.getAsLong());
                }
            }
        }
        return offsets;
    }

    static void delete(Path dir, long offset) throws IOException {
        Files.deleteIfExists(LogFileUtils.snapshotFile(dir, offset));
    }

    /** CRC32C of every byte after the crc field. */
    private static long crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 6, bytes.length - 6);
        return crc.getValue();
    }
}
