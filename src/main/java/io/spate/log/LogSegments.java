package io.spate.log;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The segments of one partition log, ordered by base offset (Kafka's {@code LogSegments}). Each holds
 * the offsets from its base offset up to the next one's (compaction leaves gaps, nothing overlaps); the
 * last is the active segment, the only one appended to.
 *
 * <p>Invariants the owner keeps: once the log is open the set is never empty between two of the
 * owner's operations, and the first segment's base offset is at or below the log start offset (retention
 * moves the log start up to the first remaining segment; compaction keeps the first segment, even empty).
 * The set does not own the segments' files: whoever removes a segment closes or deletes it
 * ({@link SegmentDeleter}).
 *
 * <p>Threading: only the log's owner (the partition's context) changes the set ({@link #add},
 * {@link #replace}, {@link #remove}). A worker may look segments up and iterate while it does (a
 * flush, see {@link PartitionLog#flush()}): every lookup is atomic, and the collections returned are
 * live views that iterate weakly consistently (never a {@code ConcurrentModificationException}; a
 * segment added or removed meanwhile may or may not be seen). Such a reader can find the set empty for
 * an instant while a truncation replaces every segment, so it uses {@link #lastSegment()}, never
 * {@link #activeSegment()}. A segment it found may have been removed and closed since: it checks with
 * {@link #contains} before treating a failure on it as the log's.
 */
final class LogSegments implements Iterable<LogSegment> {
    private final ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();

    /** Adds a segment at a base offset no segment in the set has (a new active segment, or a loaded one). */
    void add(LogSegment segment) {
        LogSegment present = segments.putIfAbsent(segment.baseOffset(), segment);
        if (present != null) {
            throw new IllegalStateException("a segment at base offset " + segment.baseOffset() + " is already in the log: "
                    + present);
        }
    }

    /** Puts {@code fresh} in the place of {@code old}, which must be in the set, at the same base offset. */
    void replace(LogSegment old, LogSegment fresh) {
        if (old.baseOffset() != fresh.baseOffset() || !segments.replace(old.baseOffset(), old, fresh)) {
            throw new IllegalStateException("cannot replace " + old + " by " + fresh);
        }
    }

    /** Takes {@code segment} out of the set; false if it was no longer in it. */
    boolean remove(LogSegment segment) {
        return segments.remove(segment.baseOffset(), segment);
    }

    /** Is {@code segment} (this very one, not another at its base offset) still in the set? */
    boolean contains(LogSegment segment) {
        return segments.get(segment.baseOffset()) == segment;
    }

    /**
     * The active segment, for the owner (to whom the set is never empty).
     *
     * @throws IllegalStateException if the set is empty
     */
    LogSegment activeSegment() {
        return lastSegment().orElseThrow(() -> new IllegalStateException("a log without segments"));
    }

    /** The last segment, if any: what another thread uses instead of {@link #activeSegment()}. */
    Optional<LogSegment> lastSegment() {
        Map.Entry<Long, LogSegment> last = segments.lastEntry();
        return last == null ? Optional.empty() : Optional.of(last.getValue());
    }

    /**
     * The base offset of the first segment.
     *
     * @throws java.util.NoSuchElementException if the set is empty
     */
    long firstBaseOffset() {
        return segments.firstKey();
    }

    /**
     * The segments that may hold {@code offset} or later offsets, in order: the one whose range holds it
     * (the floor segment) and every one after; all of them if {@code offset} lies below the first base
     * offset. A live view.
     */
    Collection<LogSegment> from(long offset) {
        Long floor = segments.floorKey(offset);
        return (floor == null ? segments : segments.tailMap(floor)).values();
    }

    /** The base offset of the segment after {@code segment}, or {@link Long#MAX_VALUE} if it is the last. */
    long nextBaseOffset(LogSegment segment) {
        Long next = segments.higherKey(segment.baseOffset());
        return next == null ? Long.MAX_VALUE : next;
    }

    /** The segments whose base offset is above {@code offset}, in order. A live view. */
    Collection<LogSegment> above(long offset) {
        return segments.tailMap(offset, false).values();
    }

    /**
     * The segments lying wholly below {@code offset}, oldest first: those whose next segment starts at
     * or below it. The active segment, which has no next one, is never among them. A copy.
     */
    List<LogSegment> closedBelow(long offset) {
        List<LogSegment> out = new ArrayList<>();
        for (Map.Entry<Long, LogSegment> e : segments.entrySet()) {
            Long next = segments.higherKey(e.getKey());
            if (next == null || next > offset) {
                break;
            }
            out.add(e.getValue());
        }
        return out;
    }

    /** Every segment, oldest first (the last is the active one). A copy. */
    List<LogSegment> toList() {
        return new ArrayList<>(segments.values());
    }

    /** Base offsets, in order. A copy. */
    List<Long> baseOffsets() {
        return List.copyOf(segments.keySet());
    }

    int count() {
        return segments.size();
    }

    /** Bytes in all segments' log files. */
    long sizeInBytes() {
        long size = 0;
        for (LogSegment s : segments.values()) {
            size += s.sizeInBytes();
        }
        return size;
    }

    /** Every segment, oldest first; weakly consistent (see the class comment). */
    @Override
    public Iterator<LogSegment> iterator() {
        return segments.values().iterator();
    }
}
