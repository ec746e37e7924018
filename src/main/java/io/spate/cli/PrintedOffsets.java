package io.spate.cli;

import io.spate.client.ConsumerRecord;
import io.spate.client.OffsetAndMetadata;
import io.spate.protocol.TopicPartition;
import java.util.Collection;
import java.util.HashMap;
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
    private long unflushedCount;
    private long writtenCount;

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

    /** The written offsets of the partitions in {@code owned}, as a commit wants them. */
    Map<TopicPartition, OffsetAndMetadata> committable(Set<TopicPartition> owned) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        written.forEach((tp, next) -> {
            if (owned.contains(tp)) {
                out.put(tp, new OffsetAndMetadata(next));
            }
        });
        return out;
    }

    /** Removes the partitions (no longer this consumer's) and returns their written offsets. */
    Map<TopicPartition, OffsetAndMetadata> remove(Collection<TopicPartition> tps) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : tps) {
            Long next = written.remove(tp);
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
