package io.spate.cluster.raft;

import io.microraft.model.log.LogEntry;
import io.spate.log.AtomicFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The Raft log on disk, {@code raft.log}: one append-only file.
 *
 * <pre>
 * file header, 20 bytes: int32 magic "SRLG", int32 version 1, int64 base index, int32 CRC32C of the 16 bytes before
 * then one {@link FramedRecords} record per entry, body = int64 index, then the entry as the serializer wrote it
 * </pre>
 *
 * <p>Invariants: the first record's index is the base index, each next one is one more. The base index is
 * 1 for a new log; it moves only by a rewrite ({@link #truncateUntil}, {@link #restartAt}), which writes
 * {@code raft.log.tmp}, fsyncs it and renames it over the log, so the header is never torn. Appends are
 * written to the page cache and become durable at {@link #force}; a truncation of the tail is fsynced before
 * {@link #truncateFrom} returns, so that no entry it removed can come back after a crash behind entries
 * appended later (which would hand Raft a log with a stale entry after a newer one).
 *
 * <p>Not thread-safe: only the Raft node's executor calls it (open happens before the node starts).
 */
final class RaftLogFile implements Closeable {
    static final String FILE_NAME = "raft.log";
    private static final System.Logger LOG = System.getLogger(RaftLogFile.class.getName());
    private static final int MAGIC = 0x53524C47;
    private static final int VERSION = 1;
    static final int FILE_HEADER_BYTES = 20;
    /** A log record's body holds at least its index. */
    private static final int MIN_BODY = Long.BYTES;

    private final Path file;
    private FileChannel channel;
    private long baseIndex;
    /** positions[i] is the byte position of the record of index baseIndex + i. */
    private long[] positions;
    private int count;
    /** Where the next record goes: the end of the last record. */
    private long end;

    /** The log as loaded: the file, ready for appends, and its entries in index order. */
    record Loaded(RaftLogFile log, List<LogEntry> entries) {
    }

    private RaftLogFile(Path file, FileChannel channel, long baseIndex, long[] positions, int count, long end) {
        this.file = file;
        this.channel = channel;
        this.baseIndex = baseIndex;
        this.positions = positions;
        this.count = count;
        this.end = end;
    }

    /** Makes a new, empty log of base index 1 in {@code dir}, durably. */
    static RaftLogFile create(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        writeEmpty(file, 1);
        return new RaftLogFile(file, openChannel(file), 1, new long[16], 0, FILE_HEADER_BYTES);
    }

    /**
     * Opens and scans the log of {@code dir}. A torn tail (see {@link FramedRecords#firstIntactAfter}) is cut
     * and the cut fsynced, with a warning. Any other damage throws {@link RaftStoreCorruptionException}
     * and changes nothing.
     */
    static Loaded open(Path dir, Function<byte[], LogEntry> decoder) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        FileChannel ch = openChannel(file);
        try {
            long size = ch.size();
            long base = readHeader(file, ch, size);
            List<LogEntry> entries = new ArrayList<>();
            long[] positions = new long[16];
            long position = FILE_HEADER_BYTES;
            long expected = base;
            int lastTerm = 0;
            while (position < size) {
                ByteBuffer body = FramedRecords.readIntact(ch, position, size, MIN_BODY, Long.MIN_VALUE);
                if (body == null) {
                    cutTornTail(file, ch, position, size, expected);
                    break;
                }
                long index = body.getLong(0);
                if (index != expected) {
                    throw new RaftStoreCorruptionException(file, position,
                            "the record of index " + index + " does not follow index " + (expected - 1));
                }
                LogEntry entry = decode(file, position, body, decoder);
                if (entry.getIndex() != index) {
                    throw new RaftStoreCorruptionException(file, position,
                            "the record of index " + index + " holds the entry of index " + entry.getIndex());
                }
                if (entry.getTerm() < lastTerm) {
                    throw new RaftStoreCorruptionException(file, position, "the entry of index " + index
                            + " has term " + entry.getTerm() + ", below the term " + lastTerm + " before it");
                }
                lastTerm = entry.getTerm();
                if (entries.size() == positions.length) {
                    positions = Arrays.copyOf(positions, positions.length * 2);
                }
                positions[entries.size()] = position;
                entries.add(entry);
                position += FramedRecords.HEADER_BYTES + body.limit();
                expected++;
            }
            // what was read may sit in the page cache only (a crash of the process, not of the machine, before
            // a flush): Raft acts on the restored entries as on durable ones, so make them durable
            ch.force(true);
            return new Loaded(new RaftLogFile(file, ch, base, positions, entries.size(), position), entries);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The index of the first entry the file holds or will hold. */
    long baseIndex() {
        return baseIndex;
    }

    /** The index the next appended entry must have. */
    long nextIndex() {
        return baseIndex + count;
    }

    /** Appends entries already encoded, whose indexes run from {@link #nextIndex()}; not yet durable. */
    void append(List<LogEntry> entries, List<byte[]> encoded) throws IOException {
        int bytes = 0;
        for (byte[] e : encoded) {
            bytes += FramedRecords.HEADER_BYTES + Long.BYTES + e.length;
        }
        ByteBuffer out = ByteBuffer.allocate(bytes);
        long[] starts = new long[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            starts[i] = end + out.position();
            ByteBuffer body = ByteBuffer.allocate(Long.BYTES + encoded.get(i).length);
            body.putLong(entries.get(i).getIndex()).put(encoded.get(i)).flip();
            FramedRecords.frame(body, out);
        }
        out.flip();
        try {
            FramedRecords.writeFully(channel, out, end);
        } catch (IOException e) {
            // leave no half batch past the end: the next append would write a shorter one over it
            try {
                channel.truncate(end);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        for (long start : starts) {
            if (count == positions.length) {
                positions = Arrays.copyOf(positions, positions.length * 2);
            }
            positions[count++] = start;
        }
        end += bytes;
    }

    /** Removes the entries from {@code index} on, durably before it returns. */
    void truncateFrom(long index) throws IOException {
        if (index >= nextIndex()) {
            return;
        }
        if (index < baseIndex) {
            throw new IllegalArgumentException("cannot truncate " + file + " from index " + index
                    + ": it starts at " + baseIndex + ", what is before is in a snapshot");
        }
        long cut = positions[(int) (index - baseIndex)];
        channel.truncate(cut);
        channel.force(true);
        count = (int) (index - baseIndex);
        end = cut;
    }

    /**
     * Removes the entries up to {@code index} inclusive, which a durable snapshot covers, by rewriting the
     * file with the entries after it and base index {@code index + 1}; durable when it returns. Nothing to
     * do if the file already starts after {@code index}.
     */
    void truncateUntil(long index) throws IOException {
        if (index < baseIndex) {
            return;
        }
        if (index + 1 >= nextIndex()) {
            restartAt(index + 1);
            return;
        }
        int first = (int) (index + 1 - baseIndex);
        long from = positions[first];
        rewrite(index + 1, from);
        long shift = from - FILE_HEADER_BYTES;
        int kept = count - first;
        long[] moved = new long[Math.max(16, kept * 2)];
        for (int i = 0; i < kept; i++) {
            moved[i] = positions[first + i] - shift;
        }
        positions = moved;
        count = kept;
        end -= shift;
    }

    /**
     * Makes the log empty with base index {@code next}: every entry it held lies below {@code next}, in a
     * durable snapshot. Used when the next entry follows a snapshot past the end of the log.
     */
    void restartAt(long next) throws IOException {
        if (count == 0 && baseIndex == next) {
            return;
        }
        rewrite(next, end);
        positions = new long[16];
        count = 0;
        end = FILE_HEADER_BYTES;
    }

    /** fsyncs what was appended. */
    void force() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void rewrite(long newBase, long keepFrom) throws IOException {
        Path tmp = file.resolveSibling(FILE_NAME + AtomicFile.TMP_SUFFIX);
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            FramedRecords.writeFully(out, header(newBase), 0);
            out.position(FILE_HEADER_BYTES);
            long copied = 0;
            while (copied < end - keepFrom) {
                copied += channel.transferTo(keepFrom + copied, end - keepFrom - copied, out);
            }
            out.force(true);
        }
        channel.close();
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        AtomicFile.fsyncDirectory(file.getParent());
        channel = openChannel(file);
        baseIndex = newBase;
    }

    private static void writeEmpty(Path file, long base) throws IOException {
        ByteBuffer h = header(base);
        byte[] bytes = new byte[h.remaining()];
        h.get(bytes);
        AtomicFile.write(file, bytes);
    }

    private static ByteBuffer header(long base) {
        ByteBuffer h = ByteBuffer.allocate(FILE_HEADER_BYTES);
        h.putInt(MAGIC).putInt(VERSION).putLong(base);
        h.putInt(FramedRecords.crc(h.duplicate().flip()));
        return h.flip();
    }

    private static long readHeader(Path file, FileChannel ch, long size) throws IOException {
        if (size < FILE_HEADER_BYTES) {
            throw new RaftStoreCorruptionException(file, 0, "shorter (" + size + " bytes) than its header");
        }
        ByteBuffer h = FramedRecords.readFully(ch, 0, FILE_HEADER_BYTES);
        if (h.getInt(0) != MAGIC || h.getInt(4) != VERSION
                || FramedRecords.crc(h.slice(0, 16)) != h.getInt(16)) {
            throw new RaftStoreCorruptionException(file, 0, "not a Raft log header of version " + VERSION);
        }
        long base = h.getLong(8);
        if (base < 1) {
            throw new RaftStoreCorruptionException(file, 8, "base index " + base + " is below 1");
        }
        return base;
    }

    private static void cutTornTail(Path file, FileChannel ch, long position, long size, long expected)
            throws IOException {
        long intact = FramedRecords.firstIntactAfter(ch, position, size, MIN_BODY, expected);
        if (intact >= 0) {
            throw new RaftStoreCorruptionException(file, position, "the record of index " + expected
                    + " is damaged (length or CRC32C) and an intact record follows at position " + intact);
        }
        LOG.log(System.Logger.Level.WARNING, "{0}: cutting a torn tail of {1} bytes at position {2} (a crash"
                + " during an append of the entry of index {3} or later, never flushed)", file, size - position,
                position, expected);
        ch.truncate(position);
        ch.force(true);
    }

    private static LogEntry decode(Path file, long position, ByteBuffer body, Function<byte[], LogEntry> decoder)
            throws RaftStoreCorruptionException {
        byte[] bytes = new byte[body.limit() - Long.BYTES];
        body.get(Long.BYTES, bytes);
        try {
            LogEntry entry = decoder.apply(bytes);
            if (entry == null) {
                throw new IllegalArgumentException("the serializer returned null");
            }
            return entry;
        } catch (RuntimeException e) {
            RaftStoreCorruptionException failure = new RaftStoreCorruptionException(file, position,
                    "the entry of index " + body.getLong(0) + " cannot be decoded: " + e);
            failure.initCause(e);
            throw failure;
        }
    }

    private static FileChannel openChannel(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }
}
