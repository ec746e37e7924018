package io.spate.log;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The sparse offset index of one segment: maps an offset to the file position of a batch at or before
 * it, so a read seeks close to its start and scans a few batch headers from there.
 *
 * <p>File {@code <20-digit base offset>.index}, a sequence of 8-byte entries, big endian, Kafka's
 * format and convention (so Kafka's {@code kafka-dump-log.sh --verify-index-only} checks it):
 * <pre>
 * offset size field
 *      0    4 relativeOffset   the batch's LAST offset - segment base offset
 *      4    4 position         byte position of that batch in the segment's .log file
 * </pre>
 * Invariants: relative offsets and positions both strictly increase. One entry is added for the first
 * batch appended after {@code index.interval.bytes} have been appended since the last entry, so the
 * first batch of a segment (position 0) has none: a lookup that finds no entry answers position 0.
 *
 * <p>Why a lookup is right: an entry {@code (L, P)} says the batch at {@code P} ends at {@code L}, so
 * every offset above {@code L} lies in a batch at or after {@code P}, and {@code L} itself lies in the
 * batch at {@code P}. The largest entry {@code <= T} therefore gives a position at or before the batch
 * holding {@code T}; the reader walks headers from there to the first batch whose last offset is
 * {@code >= T}. (Spate's index format 1 named the batch's base offset instead, which gives the same
 * answers; a data directory of that format has its indexes rewritten once at start, see
 * {@link IndexFormat}.)
 *
 * <p>Owned by its {@link LogSegment}; see {@link AbstractIndex} for threading.
 */
public final class OffsetIndex extends AbstractIndex {
    public static final int ENTRY_SIZE = 8;

    public OffsetIndex(Path file, long baseOffset, int maxIndexSize) throws IOException {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE);
    }

    /**
     * Adds an entry for the batch at {@code position} whose last offset is {@code offset}.
     *
     * @throws IllegalStateException if the index is full
     * @throws IllegalArgumentException if offset or position does not exceed the last entry's, or the
     *         offset is too far from the base offset for an int32
     */
    public void append(long offset, int position) {
        if (isFull()) {
            throw new IllegalStateException("offset index " + file() + " is full (" + entries() + " entries)");
        }
        if (entries() > 0) {
            OffsetPosition last = entry(entries() - 1);
            if (offset <= last.offset() || position <= last.position()) {
                throw new IllegalArgumentException("offset index entry (" + offset + ", " + position
                        + ") does not follow the last one " + last + " in " + file());
            }
        }
        int slot = entries() * ENTRY_SIZE;
        buffer().putInt(slot, relativeOffset(offset));
        buffer().putInt(slot + 4, position);
        entryWritten();
    }

    /**
     * The entry with the largest offset {@code <= targetOffset}; {@code (baseOffset, 0)} if there is none.
     * The batch holding {@code targetOffset}, if any, starts at or after the returned position.
     */
    public OffsetPosition lookup(long targetOffset) {
        int slot = largestLowerBound(targetOffset - baseOffset);
        return slot < 0 ? new OffsetPosition(baseOffset, 0) : entry(slot);
    }

    /**
     * The last entry whose position is {@code <= maxPosition} and whose offset is {@code <= maxOffset},
     * or null if none is. Both columns increase, so the entries that qualify are a prefix.
     */
    public OffsetPosition lastEntryWithin(long maxPosition, long maxOffset) {
        int lo = 0;
        int hi = entries() - 1;
        OffsetPosition found = null;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            OffsetPosition e = entry(mid);
            if (e.position() <= maxPosition && e.offset() <= maxOffset) {
                found = e;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Entry {@code n} (0-based, below {@link #entries()}) with its absolute offset. */
    public OffsetPosition entry(int n) {
        if (n < 0 || n >= entries()) {
            throw new IndexOutOfBoundsException("entry " + n + " of " + entries() + " in " + file());
        }
        return new OffsetPosition(baseOffset + buffer().getInt(n * ENTRY_SIZE), buffer().getInt(n * ENTRY_SIZE + 4));
    }

    /** The last entry, or {@code (baseOffset, 0)} when empty. */
    public OffsetPosition lastEntry() {
        return entries() == 0 ? new OffsetPosition(baseOffset, 0) : entry(entries() - 1);
    }

    /** Removes every entry whose offset is {@code >= offset}. */
    public void truncateTo(long offset) {
        truncateToEntries(largestLowerBound(offset - 1 - baseOffset) + 1);
    }

    /**
     * Could these entries belong to a log file of {@code logSize} bytes? Checks the file length is whole
     * entries and that offsets and positions strictly increase and stay inside the file. A preallocated
     * file left by a crash fails (its zero tail does not increase), so does any torn or garbled one.
     */
    public boolean isConsistentWith(long logSize) {
        if (!hadExactLength()) {
            return false;
        }
        long prevOffset = -1;
        long prevPosition = -1;
        for (int i = 0; i < entries(); i++) {
            int rel = buffer().getInt(i * ENTRY_SIZE);
            int pos = buffer().getInt(i * ENTRY_SIZE + 4);
            if (rel < 0 || rel <= prevOffset || pos <= prevPosition || pos >= logSize) {
                return false;
            }
            prevOffset = rel;
            prevPosition = pos;
        }
        return true;
    }

    @Override
    protected long keyAt(int slot) {
        return buffer().getInt(slot * ENTRY_SIZE);
    }

    private int relativeOffset(long offset) {
        long rel = offset - baseOffset;
        if (rel < 0 || rel > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + offset + " cannot be indexed relative to " + baseOffset);
        }
        return (int) rel;
    }
}
