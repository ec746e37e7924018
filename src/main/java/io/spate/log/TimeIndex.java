package io.spate.log;

import io.spate.record.RecordBatch;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The sparse time index of one segment: lets a timestamp lookup skip the batches that are certainly
 * older.
 *
 * <p>File {@code <20-digit base offset>.timeindex}, a sequence of 12-byte entries, big endian:
 * <pre>
 * offset size field
 *      0    8 timestamp        the largest batch max timestamp appended so far in the segment
 *      8    4 relativeOffset   LAST offset of the batch that holds it - segment base offset
 * </pre>
 * Kafka's format and convention for v2 batches (its {@code kafka-dump-log.sh --verify-index-only}
 * checks that the offset is a batch's last offset and the timestamp that batch's largest). An entry
 * {@code (T, O)} promises that no record in the batch holding {@code O} or before has a timestamp
 * above {@code T}. Invariants: timestamps strictly increase, offsets never decrease. Entries are added
 * next to offset index entries (every {@code index.interval.bytes}) and once more when the segment
 * stops being active, so its last entry carries the segment's largest timestamp.
 *
 * <p>Owned by its {@link LogSegment}; see {@link AbstractIndex} for threading.
 */
public final class TimeIndex extends AbstractIndex {
    public static final int ENTRY_SIZE = 12;

    public TimeIndex(Path file, long baseOffset, int maxIndexSize) throws IOException {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE);
    }

    /**
     * Adds {@code (timestamp, offset)} if the timestamp is larger than the last entry's; otherwise does
     * nothing (the last entry already covers it). Returns whether an entry was added.
     *
     * @throws IllegalStateException if an entry is due and the index is full
     * @throws IllegalArgumentException if the offset is below the last entry's
     */
    public boolean maybeAppend(long timestamp, long offset) {
        TimestampOffset last = entries() == 0 ? null : entry(entries() - 1);
        if (last != null && timestamp <= last.timestamp()) {
            return false;
        }
        if (last != null && offset < last.offset()) {
            throw new IllegalArgumentException("time index entry (" + timestamp + ", " + offset
                    + ") goes back from the last one " + last + " in " + file());
        }
        if (isFull()) {
            throw new IllegalStateException("time index " + file() + " is full (" + entries() + " entries)");
        }
        long rel = offset - baseOffset;
        if (rel < 0 || rel > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + offset + " cannot be indexed relative to " + baseOffset);
        }
        int slot = entries() * ENTRY_SIZE;
        buffer().putLong(slot, timestamp);
        buffer().putInt(slot + 8, (int) rel);
        entryWritten();
        return true;
    }

    /**
     * The entry with the largest timestamp {@code <= timestamp}; {@code (NO_TIMESTAMP, baseOffset)} if
     * there is none.
     */
    public TimestampOffset lookup(long timestamp) {
        int slot = largestLowerBound(timestamp);
        return slot < 0 ? new TimestampOffset(RecordBatch.NO_TIMESTAMP, baseOffset) : entry(slot);
    }

    /** Entry {@code n} (0-based, below {@link #entries()}) with its absolute offset. */
    public TimestampOffset entry(int n) {
        if (n < 0 || n >= entries()) {
            throw new IndexOutOfBoundsException("entry " + n + " of " + entries() + " in " + file());
        }
        return new TimestampOffset(buffer().getLong(n * ENTRY_SIZE), baseOffset + buffer().getInt(n * ENTRY_SIZE + 8));
    }

    /** The last entry, or {@code (NO_TIMESTAMP, baseOffset)} when empty. */
    public TimestampOffset lastEntry() {
        return entries() == 0 ? new TimestampOffset(RecordBatch.NO_TIMESTAMP, baseOffset) : entry(entries() - 1);
    }

    /** Removes every entry whose offset is {@code >= offset}. */
    public void truncateTo(long offset) {
        int keep = entries();
        while (keep > 0 && entry(keep - 1).offset() >= offset) {
            keep--;
        }
        truncateToEntries(keep);
    }

    /** Whole entries, timestamps strictly increasing, offsets non-decreasing and not below the base. */
    public boolean isConsistentWith(long nextOffset) {
        if (!hadExactLength()) {
            return false;
        }
        long prevTs = Long.MIN_VALUE;
        long prevRel = 0;
        for (int i = 0; i < entries(); i++) {
            long ts = buffer().getLong(i * ENTRY_SIZE);
            int rel = buffer().getInt(i * ENTRY_SIZE + 8);
            if ((i > 0 && ts <= prevTs) || rel < prevRel || baseOffset + rel >= Math.max(nextOffset, baseOffset + 1)) {
                return false;
            }
            prevTs = ts;
            prevRel = rel;
        }
        return true;
    }

    @Override
    protected long keyAt(int slot) {
        return buffer().getLong(slot * ENTRY_SIZE);
    }
}
