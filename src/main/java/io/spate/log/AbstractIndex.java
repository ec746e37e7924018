package io.spate.log;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A memory-mapped file of fixed-size entries, sorted by a key, looked up by binary search: the shared
 * machinery of {@link OffsetIndex} and {@link TimeIndex} (Kafka's {@code AbstractIndex}).
 *
 * <p>A new file is preallocated to the largest whole number of entries that fits in
 * {@code segment.index.bytes} and mapped whole; {@link #trimToValidSize()} shrinks it to the entries
 * written when its segment stops being active, and {@link #resize(int)} grows it again if the segment
 * becomes active once more. An existing file is opened with every whole entry it holds counted as
 * written: an index that was not trimmed (a crash) then fails {@code isConsistentWith} and is rebuilt.
 *
 * <p>The preallocated file is sparse: its pages get blocks only when first written. A store into a
 * mapped page that the file system cannot back (it is full) raises SIGBUS, which the JVM reports as an
 * asynchronous {@link InternalError}, too late to undo anything. So entries are only put where
 * {@link #reserve} has first written the page through the file, where a full file system fails
 * cleanly with an {@link IOException} ("No space left on device") before anything changed.
 *
 * <p>Threading: every method runs on the owning partition's thread, except {@link #flush()}, which may
 * run on a flushing worker at the same time. The mapping reference is volatile for that reason; a
 * replaced mapping is never touched by the owner again, and {@code msync} on it is harmless.
 */
abstract class AbstractIndex {
    private final int entrySize;
    protected final long baseOffset;
    private volatile Path file;
    private volatile MappedByteBuffer mmap;
    private final boolean openedExisting;
    private final boolean exactLength;
    private int entries;
    /** Bytes from the file's start that have blocks behind them ({@link #reserve}); entries go only there. */
    private int backed;
    /** Pages are reserved this many bytes at a time (a page; the file system allocates whole pages or blocks). */
    private static final int RESERVE_UNIT = 4096;

    protected AbstractIndex(Path file, long baseOffset, int maxIndexSize, int entrySize) throws IOException {
        this.file = file;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        boolean existed = Files.exists(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            if (!existed) {
                raf.setLength(roundDown(maxIndexSize));
            }
            long length = raf.length();
            if (length > Integer.MAX_VALUE) {
                throw new IOException("index file " + file + " is " + length + " bytes, larger than any index");
            }
            this.mmap = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, length);
            this.exactLength = length % entrySize == 0;
            this.entries = existed ? (int) (length / entrySize) : 0;
            this.backed = entries * entrySize; // what an existing file holds was written; a new one has no block yet
        }
        this.openedExisting = existed;
    }

    /** Number of entries written. */
    public int entries() {
        return entries;
    }

    /** How many entries the current mapping can hold. */
    public int maxEntries() {
        return mmap.limit() / entrySize;
    }

    public boolean isFull() {
        return entries >= maxEntries();
    }

    /** Was the file already there when this index was opened? */
    boolean openedExisting() {
        return openedExisting;
    }

    /** Was the existing file a whole number of entries long? A torn file is not. */
    boolean hadExactLength() {
        return exactLength;
    }

    public Path file() {
        return file;
    }

    /**
     * Makes sure the next {@code more} entries (as many as fit) have blocks behind them, writing zeros
     * through the file past the entries written, a page at a time. Call before anything else of an
     * append changes, so that a full file system fails it cleanly.
     *
     * @throws IOException if the file system has no room (or no descriptor is left); nothing changed
     */
    public void reserve(int more) throws IOException {
        int end = (int) Math.min(mmap.limit(), (long) (entries + Math.max(0, more)) * entrySize);
        int from = Math.max(backed, entries * entrySize);
        if (end <= from) {
            return;
        }
        int to = (int) Math.min(mmap.limit(), ((long) end + RESERVE_UNIT - 1) / RESERVE_UNIT * RESERVE_UNIT);
        try (FileChannel ch = FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate(to - from);
            while (zeros.hasRemaining()) {
                ch.write(zeros, from + zeros.position());
            }
        }
        backed = to;
    }

    /** Drops every entry (the file keeps its size). */
    public void reset() {
        entries = 0;
    }

    /** Keeps only the first {@code count} entries. */
    protected void truncateToEntries(int count) {
        entries = Math.min(entries, Math.max(0, count));
    }

    /** Shrinks the file and mapping to exactly the written entries. */
    public void trimToValidSize() throws IOException {
        resize(entries * entrySize);
    }

    /**
     * Resizes the file and mapping to the largest whole number of entries within {@code newSize}, but
     * never below the entries written.
     */
    public void resize(int newSize) throws IOException {
        int target = Math.max(roundDown(newSize), entries * entrySize);
        if (target == mmap.limit()) {
            return;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(target);
            backed = Math.min(backed, target); // blocks past a cut are gone
            // the old mapping is left to the GC (Java cannot unmap); the owner never touches it again
            mmap = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, target);
        }
    }

    /** Forces the mapped entries to disk. Any thread. */
    public void flush() {
        mmap.force();
    }

    /** Trims the file; the mapping is released by the GC. */
    public void close() throws IOException {
        trimToValidSize();
    }

    public void renameTo(Path target) throws IOException {
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        file = target;
    }

    public void deleteIfExists() throws IOException {
        Files.deleteIfExists(file);
    }

    /** The mapping, for subclasses' absolute reads and writes of entry {@code slot * entrySize}. */
    protected MappedByteBuffer buffer() {
        return mmap;
    }

    /** Records one more entry as written (the subclass has put its bytes first). */
    protected void entryWritten() {
        entries++;
    }

    /** The sort key of entry {@code slot} (relative offset or timestamp). */
    protected abstract long keyAt(int slot);

    /** The last slot whose key is {@code <= target}, or -1 if none is (or there are no entries). */
    protected int largestLowerBound(long target) {
        int lo = 0;
        int hi = entries - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (keyAt(mid) <= target) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    protected int entrySize() {
        return entrySize;
    }

    private int roundDown(int size) {
        return size - size % entrySize;
    }
}
