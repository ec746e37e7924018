package io.spate.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A segment's aborted transaction index, {@code <base>.txnindex} beside its {@code .log} (Kafka's
 * {@code TransactionIndex}): one entry per ABORT marker written into the segment, in offset order,
 * 34 bytes each, big-endian:
 * <pre>
 *    2 version            0
 *    8 producer_id
 *    8 first_offset       the transaction's first offset in the partition
 *    8 last_offset        the ABORT marker's offset
 *    8 last_stable_offset the partition's last stable offset just after the marker
 * </pre>
 * The file exists only once a segment got an ABORT marker (most never do). Its entries are also held in
 * memory (they are few), so a read_committed fetch finds the aborted transactions of a range without a
 * read of any file. A file that ends inside an entry (a torn append) keeps its whole entries; one with
 * another version is refused as corrupt.
 *
 * <p>Durability: appended entries are fsynced with the segment's log ({@link LogSegment#flushLog}), so an
 * entry is as durable as its marker; recovery drops the entries past the log end and the producer state
 * replay rebuilds those of the batches it replays ({@link ProducerStateLoader}).
 *
 * <p>Threading: the owner thread, except {@link #flush()} (any thread).
 */
final class TransactionIndex {
    static final short VERSION = 0;
    static final int ENTRY_BYTES = 2 + 8 + 8 + 8 + 8;

    private Path file;
    private final List<AbortedTxn> entries;
    /** Open once the file exists; null before, and for a detached index. */
    private volatile FileChannel channel;
    private volatile boolean dirty;

    private TransactionIndex(Path file, List<AbortedTxn> entries, FileChannel channel) {
        this.file = file;
        this.entries = entries;
        this.channel = channel;
    }

    /**
     * Opens the index at {@code file}: its entries if it exists, none (and no file yet) if not.
     *
     * @throws IOException if it cannot be read, or an entry has another version
     */
    static TransactionIndex open(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new TransactionIndex(file, new ArrayList<>(), null);
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long size = ch.size();
            int whole = (int) Math.min(size / ENTRY_BYTES, Integer.MAX_VALUE / ENTRY_BYTES);
            ByteBuffer buf = ByteBuffer.allocate(whole * ENTRY_BYTES);
            while (buf.hasRemaining() && ch.read(buf, buf.position()) >= 0) {
                // read on until full
            }
            buf.flip();
            List<AbortedTxn> list = new ArrayList<>(whole);
            for (int i = 0; i < whole; i++) {
                short version = buf.getShort();
                if (version != VERSION) {
                    throw new IOException("aborted transaction index " + file + ": entry " + i + " has version "
                            + version + ", this broker reads " + VERSION);
                }
                list.add(new AbortedTxn(buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong()));
            }
            if (size != (long) whole * ENTRY_BYTES) {
                ch.truncate((long) whole * ENTRY_BYTES); // a torn last entry: its marker is replayed anyway
            }
            return new TransactionIndex(file, list, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** An index with no file, for a segment that handed its file over ({@link LogSegment#handOverTxnIndex}). */
    static TransactionIndex detached() {
        return new TransactionIndex(null, new ArrayList<>(), null);
    }

    Path file() {
        return file;
    }

    /** The entries, oldest first: a read-only view (owner thread). */
    List<AbortedTxn> entries() {
        return Collections.unmodifiableList(entries);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * Appends an entry, creating the file on the first one.
     *
     * @return true if the file was created (its directory entry is new)
     */
    boolean append(AbortedTxn t) throws IOException {
        boolean created = false;
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            created = true;
        }
        ByteBuffer buf = ByteBuffer.allocate(ENTRY_BYTES).putShort(VERSION).putLong(t.producerId())
                .putLong(t.firstOffset()).putLong(t.lastOffset()).putLong(t.lastStableOffset()).flip();
        long pos = (long) entries.size() * ENTRY_BYTES;
        while (buf.hasRemaining()) {
            pos += channel.write(buf, pos);
        }
        entries.add(t);
        dirty = true;
        return created;
    }

    /**
     * Adds to {@code out} the entries that overlap {@code [fetchOffset, upperBound)}: last offset at or
     * above the fetch offset, first offset below the bound. Returns true once an entry's last stable offset
     * reaches {@code upperBound}: later segments cannot hold another that overlaps (Kafka's
     * {@code TxnIndexSearchResult.isComplete}).
     */
    boolean collect(long fetchOffset, long upperBound, List<AbortedTxn> out) {
        for (AbortedTxn t : entries) {
            if (t.lastOffset() >= fetchOffset && t.firstOffset() < upperBound) {
                out.add(t);
            }
            if (t.lastStableOffset() >= upperBound) {
                return true;
            }
        }
        return false;
    }

    /** Drops the entries whose marker is at or above {@code offset} (the log is cut there). */
    void truncateTo(long offset) throws IOException {
        int keep = entries.size();
        while (keep > 0 && entries.get(keep - 1).lastOffset() >= offset) {
            keep--;
        }
        if (keep == entries.size()) {
            return;
        }
        entries.subList(keep, entries.size()).clear();
        if (channel != null) {
            channel.truncate((long) keep * ENTRY_BYTES);
            dirty = true;
        }
    }

    /** fsyncs what was appended since the last flush. Any thread. */
    void flush() throws IOException {
        FileChannel ch = channel;
        if (ch != null && dirty) {
            dirty = false;
            ch.force(true);
        }
    }

    void close() throws IOException {
        FileChannel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    /** Renames the file (if there is one) to {@code target}. */
    void renameTo(Path target) throws IOException {
        if (file != null && Files.exists(file)) {
            Files.move(file, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        if (file != null) {
            file = target;
        }
    }

    /** Closes and deletes the file under its current name, if any. */
    void closeAndDelete() throws IOException {
        close();
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
