package io.spate.broker.core;

import io.spate.log.LogReadResult;
import io.spate.log.OffsetOutOfRangeException;
import io.spate.log.PartitionLog;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import java.util.List;
import java.util.function.Consumer;

/**
 * The reads a {@link PartitionWriter} serves from its log, once the writer has checked that it may
 * (it leads, it is not closed): whole batches as a file region up to a limit — the high watermark for a
 * consumer, the last stable offset for a read_committed one (then with the aborted transactions of what
 * it returns), the log end for a follower — and ListOffsets' lookups.
 *
 * <p>Owner context of the partition only, like the writer.
 */
final class PartitionReads {
    private final TopicPartition tp;
    private final PartitionLog log;
    /** The writer's reaction to a read that failed on storage (it goes FAILED). */
    private final Consumer<RuntimeException> storageFailed;

    PartitionReads(TopicPartition tp, PartitionLog log, Consumer<RuntimeException> storageFailed) {
        this.tp = tp;
        this.log = log;
        this.storageFailed = storageFailed;
    }

    /**
     * A consumer's read from {@code offset}: below the high watermark, or with {@code committed}
     * (read_committed) below the last stable offset — an offset between the two reads nothing — with the
     * last stable offset and the aborted transactions overlapping the batches returned (looked up in the
     * aborted transaction indexes, never in the log).
     */
    PartitionRead consumer(long offset, int maxBytes, boolean minOneBatch, boolean committed) {
        long hw = log.highWatermark();
        if (!committed) {
            return upTo(offset, maxBytes, minOneBatch, hw, hw);
        }
        long lso = log.transactions().lastStableOffset();
        PartitionRead r = upTo(offset, maxBytes, minOneBatch, lso, hw);
        return r.committed(lso, r.records().isEmpty() ? List.of()
                : log.transactions().abortedTxns(offset, r.records().nextOffset()));
    }

    /**
     * Whole batches from {@code offset} below {@code limit}; an offset outside [log start, {@code validEnd}]
     * is out of range, one at or past {@code limit} reads nothing; the answer carries the high watermark. A
     * FAILED writer still reads: offline for writes is not offline for reads, and what lies below the
     * high watermark was acknowledged (and, under ACKS_ALL, fsynced by a flush that succeeded).
     */
    PartitionRead upTo(long offset, int maxBytes, boolean minOneBatch, long limit, long validEnd) {
        long hw = log.highWatermark();
        long start = log.logStartOffset();
        if (offset < start || offset > validEnd) {
            return PartitionRead.failed(ErrorCode.OFFSET_OUT_OF_RANGE,
                    "offset " + offset + " of " + tp + " is outside the valid range [" + start + ", " + validEnd + "]", hw, start);
        }
        if (offset >= limit) {
            return new PartitionRead(ErrorCode.NONE, null, hw, start, LogReadResult.empty(""), limit);
        }
        try {
            // no copy here: the region is sent from the file by the connection (see FetchReply)
            LogReadResult r = log.read(offset, maxBytes, limit, minOneBatch);
            return new PartitionRead(ErrorCode.NONE, null, hw, start, r, limit);
        } catch (OffsetOutOfRangeException e) {
            return PartitionRead.failed(ErrorCode.OFFSET_OUT_OF_RANGE, e.getMessage(), hw, start);
        } catch (RuntimeException e) {
            storageFailed.accept(e);
            return PartitionRead.failed(ErrorCode.KAFKA_STORAGE_ERROR, e.getMessage(), hw, start);
        }
    }

    /**
     * -2 earliest (and -4, the earliest local offset), -1 latest (high watermark; {@code committed}: last
     * stable offset), all with timestamp -1; -3 the first record with the largest timestamp, else the first
     * record with timestamp ≥ it; below that end (its offset and timestamp), or (-1, -1).
     */
    io.spate.log.TimestampOffset offsetFor(long timestamp, boolean committed) {
        if (timestamp == -2 || timestamp == -4) { // -4, the earliest local offset: all is local here
            return new io.spate.log.TimestampOffset(-1, log.logStartOffset());
        }
        long end = committed ? log.transactions().lastStableOffset() : log.highWatermark();
        if (timestamp == -1) {
            return new io.spate.log.TimestampOffset(-1, end);
        }
        io.spate.log.TimestampOffset found = log.findOffsetByTimestamp(timestamp).orElse(null);
        return found == null || found.offset() >= end ? new io.spate.log.TimestampOffset(-1, -1) : found;
    }
}
