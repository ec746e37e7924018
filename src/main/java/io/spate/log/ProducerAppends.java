package io.spate.log;

import io.spate.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * A partition log's side of the idempotent producer: its {@link ProducerStateManager}, how an append
 * is checked against it before anything is stamped and recorded in it once written, and its
 * snapshots ({@link ProducerStateSnapshot}: at a roll, at close, pruned with the segments) and reloads
 * ({@link ProducerStateLoader}: at open and after a truncation). Owner thread, like {@link PartitionLog}.
 */
final class ProducerAppends {
    private static final System.Logger LOG = System.getLogger(ProducerAppends.class.getName());

    /**
     * The header facts of a payload's lone idempotent batch, checked: {@code duplicate} is the first
     * copy's metadata when it is a retry of one of the producer's last 5 batches, else null (to be
     * recorded once written).
     */
    record Checked(long producerId, short epoch, int firstSeq, int lastSeq, boolean transactional,
                   BatchMetadata duplicate) {
    }

    private final String name;
    private final Path dir;
    private final ProducerStateManager producers;

    private ProducerAppends(String name, Path dir, ProducerStateManager producers) {
        this.name = name;
        this.dir = dir;
        this.producers = producers;
    }

    /** The state of a loaded log ({@link #load}); on failure the log's segments are closed. */
    static ProducerAppends loadOrClose(String name, Path dir, LoadedLog loaded, long nowMs) throws IOException {
        try {
            return load(name, dir, loaded.segments(), loaded.offsets().logEndOffset(), nowMs);
        } catch (IOException | RuntimeException e) {
            LogLoader.closeAfterFailure(loaded.segments(), e);
            throw e;
        }
    }

    /** The state of {@code segments} ending at {@code logEnd}: from the newest usable snapshot, then replayed. */
    static ProducerAppends load(String name, Path dir, List<LogSegment> segments, long logEnd, long nowMs)
            throws IOException {
        ProducerAppends p = empty(name, dir);
        ProducerStateLoader.load(p.producers, dir, name, segments, logEnd, nowMs);
        return p;
    }

    /** No producer known (a log that could not be loaded). */
    static ProducerAppends empty(String name, Path dir) {
        return new ProducerAppends(name, dir, new ProducerStateManager(name));
    }

    ProducerStateManager state() {
        return producers;
    }

    /**
     * Checks a payload of {@code batchCount} whole batches: null when it holds no idempotent batch; a
     * lone idempotent batch is checked against the producer's state.
     *
     * @throws ProducerBatchRefusedException when the rules refuse it (nothing may be written then)
     */
    Checked check(ByteBuffer batches, int batchCount, AppendOrigin origin) {
        int pos = batches.position();
        if (batchCount > 1) {
            refuseIdempotentAmongOthers(batches, batchCount);
            return null;
        }
        long producerId = batches.getLong(pos + RecordBatch.PRODUCER_ID_OFFSET);
        if (producerId < 0) {
            return null;
        }
        short epoch = batches.getShort(pos + RecordBatch.PRODUCER_EPOCH_OFFSET);
        int firstSeq = batches.getInt(pos + RecordBatch.BASE_SEQUENCE_OFFSET);
        int lastSeq = ProducerStateManager.lastSequence(firstSeq, batches.getInt(pos + RecordBatch.LAST_OFFSET_DELTA_OFFSET));
        boolean transactional = (batches.getShort(pos + RecordBatch.ATTRIBUTES_OFFSET) & RecordBatch.TRANSACTIONAL_FLAG_MASK) != 0;
        return new Checked(producerId, epoch, firstSeq, lastSeq, transactional,
                producers.checkAppend(producerId, epoch, firstSeq, lastSeq, transactional, origin == AppendOrigin.CLIENT));
    }

    /** An idempotent batch must come alone: refuse a payload of several batches that holds one. */
    private void refuseIdempotentAmongOthers(ByteBuffer batches, int batchCount) {
        for (int p = batches.position(); p < batches.limit(); p += new RecordBatch(batches, p).sizeInBytes()) {
            long pid = batches.getLong(p + RecordBatch.PRODUCER_ID_OFFSET);
            if (pid >= 0) {
                throw new ProducerBatchRefusedException(ProducerBatchRefusedException.Reason.MORE_THAN_ONE_BATCH, name,
                        pid, batches.getShort(p + RecordBatch.PRODUCER_EPOCH_OFFSET), "a produce payload holding an"
                        + " idempotent batch must hold only that batch, this one holds " + batchCount);
            }
        }
    }

    /** What a duplicate append answers: the first copy's offsets, nothing written. */
    static LogAppendInfo duplicateInfo(BatchMetadata first, boolean logAppendTime, long logStartOffset) {
        return new LogAppendInfo(first.firstOffset(), first.lastOffset(), first.maxTimestamp(), first.firstOffset(),
                logAppendTime ? first.maxTimestamp() : RecordBatch.NO_TIMESTAMP, logStartOffset, 0, 1, true);
    }

    /** Records the checked batch, now written as {@code info}. */
    void written(Checked c, LogAppendInfo info, long nowMs) {
        producers.update(c.producerId(), c.epoch(), c.firstSeq(), c.lastSeq(), info.firstOffset(), info.lastOffset(),
                info.maxTimestamp(), nowMs, c.transactional());
    }

    /**
     * Snapshots the state as of {@code offset} (a roll's new base offset, or the log end at close) and
     * keeps only the newest snapshots above {@code firstSegmentBase}. A snapshot that cannot be
     * written costs only replay at the next open, so it is logged and the caller goes on.
     */
    void snapshot(long offset, long firstSegmentBase) {
        try {
            ProducerStateSnapshot.write(dir, offset, producers);
            ProducerStateLoader.prune(dir, firstSegmentBase, offset);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, name + ": could not write the producer state snapshot at offset "
                    + offset + " (the next open replays more of the log instead): " + e);
        }
    }

    /** After segments were deleted: a snapshot below the first segment could never be replayed from. */
    void pruneBelow(long firstSegmentBase, long logEnd) {
        try {
            ProducerStateLoader.prune(dir, firstSegmentBase, logEnd);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, name + ": could not delete old producer state snapshots: " + e);
        }
    }

    /**
     * After a truncation: the state forgets the batches cut off, rebuilt from the snapshots at or below
     * the new end ({@code restarted}: none describes a log that now starts afresh, so all go).
     */
    void reload(List<LogSegment> segments, long logEnd, long nowMs, boolean restarted) throws IOException {
        if (restarted) {
            ProducerStateLoader.deleteAll(dir);
        }
        ProducerStateLoader.load(producers, dir, name, segments, logEnd, nowMs);
    }
}
