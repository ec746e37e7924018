package io.spate.cli;

import io.spate.client.ConsumerRecord;
import io.spate.client.OffsetAndMetadata;
import io.spate.protocol.TopicPartition;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code spate consume} has written out: per partition, the offset after the last record that
 * reached stdout — printed, then flushed without an error — and how many records that is. A record
 * that was handed out by the consumer but not printed (the command stopped first), or printed but
 * not flushed, or caught in a flush that failed (stdout was closed), is not counted: it may not have
 * reached the reader, so a group commits only these offsets and the next run reads such records
 * again rather than skip them.
 *
 * <p>{@link #printed}, {@link #flushed} and {@link #flushFailed} are called by the command's thread
 * only; the written offsets may also be read and removed by a rebalance listener on the consumer's
 * context.
 */
final class PrintedOffsets {
    /** Printed since the last flush: the offset after the last such record of each partition. */
    private final Map<TopicPartition, Long> unflushed = new HashMap<>();
    private final Map<TopicPartition, Long> written = new ConcurrentHashMap<>();
    /**
     * The offset of the first record handed out of each partition in this run: where the group
     * resumes for a partition of which nothing was written out (committing it commits no record,
     * and keeps a later run that starts at the latest offsets from skipping what no one printed).
     */
    private final Map<TopicPartition, Long> firstHandedOut = new ConcurrentHashMap<>();
    private long unflushedCount;
    private long writtenCount;

    /** The consumer handed these records out (before any of them is printed). */
    void handedOut(List<ConsumerRecord> records) {
        for (ConsumerRecord r : records) {
            firstHandedOut.putIfAbsent(r.topicPartition(), r.offset());
        }
    }

    /** {@code r} was printed (into stdout's buffer). */
    void printed(ConsumerRecord r) {
        unflushed.put(r.topicPartition(), r.offset() + 1);
        unflushedCount++;
    }

    /** stdout was flushed without an error: what was printed since the last flush is written out. */
    void flushed() {
        written.putAll(unflushed);
        writtenCount += unflushedCount;
        forgetUnflushed();
    }

    /** A flush failed: what was printed since the last one may not have reached the reader. */
    void flushFailed() {
        forgetUnflushed();
    }

    /** Records written out. */
    long count() {
        return writtenCount;
    }

    /** Records printed, whether flushed or not. */
    long printedCount() {
        return writtenCount + unflushedCount;
    }

    /**
     * The offsets to commit for the partitions in {@code owned}: after the last record written out,
     * or, for a partition of which records were handed out but none written, the first of them.
     */
    Map<TopicPartition, OffsetAndMetadata> committable(Set<TopicPartition> owned) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : owned) {
            Long next = resumeAt(tp);
            if (next != null) {
                out.put(tp, new OffsetAndMetadata(next));
            }
        }
        return out;
    }

    /** Whether anything of {@code tp} was handed out in this run. */
    boolean seen(TopicPartition tp) {
        return written.containsKey(tp) || firstHandedOut.containsKey(tp);
    }

    private Long resumeAt(TopicPartition tp) {
        Long next = written.get(tp);
        return next != null ? next : firstHandedOut.get(tp);
    }

    /** Removes the partitions (no longer this consumer's) and returns their written offsets. */
    Map<TopicPartition, OffsetAndMetadata> remove(Collection<TopicPartition> tps) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : tps) {
            Long next = resumeAt(tp);
            written.remove(tp);
            firstHandedOut.remove(tp);
            if (next != null) {
                out.put(tp, new OffsetAndMetadata(next));
            }
        }
        return out;
    }

    private void forgetUnflushed() {
        unflushed.clear();
        unflushedCount = 0;
    }
}
